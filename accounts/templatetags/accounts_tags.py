from django import template
from django.template.loader import render_to_string

register = template.Library()


@register.simple_tag
def member_name(member, link: str = ""):
    """A member's display name, marked when they are verified municipal staff: the one way a
    name is shown wherever it appears, so a namesake cannot pass for staff. `link`, when
    given, wraps the name in a link. Usable inside a translation: `{% member_name u as name %}`.
    """
    return render_to_string("accounts/includes/member_name.html", {"member": member, "link": link})
