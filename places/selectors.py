from .models import Municipality, MunicipalityEmailDomain


def municipality_for_email(email: str) -> Municipality | None:
    """The municipality whose staff use the domain of this e-mail address, if any."""
    domain = email.rpartition("@")[2].strip().lower()
    if not domain:
        return None
    found = (
        MunicipalityEmailDomain.objects.select_related("municipality").filter(domain=domain).first()
    )
    return found.municipality if found else None
