"""Forms for the pages a phone sees."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import Preferences
from apps.accounts.preferences import time_zone_choices
from apps.keitai.characters import clean_text
from apps.xapi.text import MAX_WEIGHTED_LENGTH, weighted_length

# No post X takes is longer (eleven 4,096-character links and a few words); past
# this, counting the weighted length of megabytes would take seconds.
MAX_POST_CHARS = 50_000


def _post_length(text: str) -> int:
    return len(text) if len(text) > MAX_POST_CHARS else weighted_length(text)


class TypedTextField(forms.CharField):
    """Text a person typed: line breaks as LF, control characters removed.

    A phone's input method can add ESC, SI, BS...; none of them may reach X or
    a page (apps.keitai.characters). Also for text Django decoded itself
    (UTF-8 browsers), which the keitai input decoding never sees.
    """

    def to_python(self, value):
        return super().to_python(clean_text(value) if isinstance(value, str) else value)

    def bound_data(self, data, initial):
        # What a refused form shows again is what would be sent.
        return clean_text(data) if isinstance(data, str) else data


class _TypedTextForm(forms.Form):
    """A form with a `text` someone typed: unreadable bytes and blanks come back to be fixed.

    input_ok is False when the phone sent bytes that could not be decoded
    (apps.keitai.middleware.input_ok): the text is shown again, never sent.
    """

    def __init__(self, *args, input_ok: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.input_ok = input_ok

    def clean_text(self):
        text = self.cleaned_data["text"]
        if not self.input_ok:
            raise forms.ValidationError(
                _(
                    "Some characters could not be read (shown as 〓 or ?). "
                    "Check the text below and send it again."
                )
            )
        if not text.strip():
            raise forms.ValidationError(_("Write something first."))
        return text


class PostForm(_TypedTextForm):
    """A new post; length is X's weighted count (CJK 2, URLs 23)."""

    text = TypedTextField(
        label=_("What's happening?"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 24}),
        strip=False,
        error_messages={"required": _("Write something first.")},
    )
    in_reply_to = forms.RegexField(regex=r"^\d{1,19}$", required=False, widget=forms.HiddenInput)
    quote_of = forms.RegexField(regex=r"^\d{1,19}$", required=False, widget=forms.HiddenInput)

    def clean_text(self):
        text = super().clean_text()
        length = _post_length(text)
        if length > MAX_WEIGHTED_LENGTH:
            raise forms.ValidationError(
                _("Too long: %(length)d of %(max)d. Shorten it and send again."),
                params={"length": length, "max": MAX_WEIGHTED_LENGTH},
            )
        return text

    @property
    def weighted_length(self) -> int:
        return _post_length(self.data.get("text", "") if self.is_bound else "")


class MessageForm(_TypedTextForm):
    """A direct message."""

    text = TypedTextField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 24}),
        strip=False,
        max_length=10_000,
        error_messages={"required": _("Write something first.")},
    )


class SearchForm(forms.Form):
    """A recent-posts search (X keeps 7 days)."""

    q = TypedTextField(label=_("Search"), max_length=512, required=False, strip=True)


class PreferencesForm(forms.ModelForm):
    """The settings page."""

    time_zone = forms.ChoiceField(label=_("Time zone"))

    class Meta:
        model = Preferences
        fields = ["posts_per_page", "show_images", "show_avatars", "time_zone", "language"]
        labels = {
            "posts_per_page": _("Posts per page"),
            "show_images": _("Show images"),
            "show_avatars": _("Show avatars"),
            "language": _("Language"),
        }
        # type="number" is in neither Compact HTML nor XHTML Basic/MP: a text field
        # opened in the phone's digit mode (istyle for i-mode, inputmode elsewhere).
        widgets = {
            "posts_per_page": forms.TextInput(
                attrs={"size": "3", "maxlength": "2", "inputmode": "numeric", "istyle": "4"}
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = time_zone_choices(self.instance.time_zone)
