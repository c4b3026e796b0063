"""The Smart City themes every installation starts with (loaded by a data migration)."""

# slug, Danish name, English name, colour (white text on it passes WCAG AA), icon
THEMES = [
    ("parkering", "Parkering", "Parking", "#1f4e9c", "parking"),
    ("smart-mobilitet", "Smart mobilitet", "Smart mobility", "#5b2c91", "bus"),
    ("trafik-rundkoersler-kryds", "Trafik i rundkørsler og kryds",
     "Traffic in roundabouts and junctions", "#b3261e", "traffic-light"),
    ("gadebelysning", "Gadebelysning", "Street lighting", "#8a5a00", "lightbulb"),
    ("klimatilpasning", "Klimatilpasning", "Climate adaptation", "#0d6e6e", "cloud-rain"),
    ("affald", "Affald", "Waste", "#4d5b1f", "recycle"),
    ("luftkvalitet", "Luftkvalitet", "Air quality", "#3f5566", "wind"),
    ("energi", "Energi", "Energy", "#a23b00", "bolt"),
    ("vand", "Vand", "Water", "#0b5a8e", "droplet"),
    ("aabne-data", "Åbne data", "Open data", "#7a1f5c", "database"),
    ("borgerinddragelse", "Borgerinddragelse", "Citizen involvement", "#c2185b", "users"),
    ("byudvikling", "Byudvikling", "Urban development", "#5d4037", "building"),
    ("sundhed-og-velfaerd", "Sundhed og velfærd", "Health and welfare", "#2e7d32", "heart"),
]  # fmt: skip


def load_themes(theme_model) -> None:
    """Create or refresh the standard themes (idempotent)."""
    for position, (slug, name, name_en, color, icon) in enumerate(THEMES):
        theme_model.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "name_en": name_en,
                "color": color,
                "icon": icon,
                "position": position,
            },
        )
