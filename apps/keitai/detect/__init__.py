"""Device detection: from a request's User-Agent and headers to a ``Device`` profile.

Classic carrier phones are recognised by the UA prefixes the carriers published
(``DoCoMo/``, ``KDDI-``/``UP.Browser/``, ``SoftBank/``/``Vodafone/``/``J-PHONE/``/
``MOT-``, ``Mozilla/3.0(WILLCOM``/``DDIPOCKET``, ``emobile/``); the capability
values follow the carriers' rules as summarised in the project's keitai facts.
One module per carrier family (`docomo`, `au`, `softbank`, `willcom`, `emobile`),
one for everything else (`modern`), one for `crawlers`; `dispatch` asks them in
turn.
"""

from .dispatch import detect, detect_request

__all__ = ["detect", "detect_request"]
