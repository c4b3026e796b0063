"""What every app's views share about forms."""

from django.core.exceptions import ValidationError


def add_service_errors(form, error: ValidationError) -> None:
    """Show a service's refusal on the form that sent the data: each field's errors next to the
    field (on the whole form when the form has no such field), an error about no field in
    particular (a limit, a rule of the whole item) on the whole form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)
