"""Forms for the pages a phone sees."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.xapi.text import MAX_WEIGHTED_LENGTH, weighted_length


class PostForm(forms.Form):
    """A new post; length is X's weighted count (CJK 2, URLs 23)."""

    text = forms.CharField(
        label=_("What's happening?"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 24}),
        strip=False,
        error_messages={"required": _("Write something first.")},
    )
    in_reply_to = forms.RegexField(regex=r"^\d{1,19}$", required=False, widget=forms.HiddenInput)

    def clean_text(self):
        text = self.cleaned_data["text"]
        if not text.strip():
            raise forms.ValidationError(_("Write something first."))
        length = weighted_length(text)
        if length > MAX_WEIGHTED_LENGTH:
            raise forms.ValidationError(
                _("Too long: %(length)d of %(max)d. Shorten it and send again."),
                params={"length": length, "max": MAX_WEIGHTED_LENGTH},
            )
        return text

    @property
    def weighted_length(self) -> int:
        return weighted_length(self.data.get("text", "") if self.is_bound else "")
