"""What a view is about: the area, period, theme and channel chosen, in the sidebar
(``filters.current``) or on the command line (``press.choice``)."""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.i18n import _
from dashboard.views.areas import area_label
from queries.periods import Period


# The filters' parameters in a link, in this order (filters.py reads and writes them; a session's
# shared link carries them).
AREA, FIRST, LAST, THEME, CHANNEL, LANGUAGE = "gebied", "van", "tot", "thema", "kanaal", "taal"
FILTERS = (AREA, FIRST, LAST, THEME, CHANNEL, LANGUAGE)


@dataclass(frozen=True)
class Selection:
    period: Period
    area_code: str
    area_name: str
    area_level: str
    municipality_code: str
    theme: str | None = None
    theme_label: str | None = None
    channel: str | None = None
    channel_label: str | None = None

    @property
    def is_municipality(self) -> bool:
        return self.area_code == self.municipality_code

    @property
    def area_label(self) -> str:
        return area_label(self.area_level, self.area_name)

    @property
    def description(self) -> str:
        """What is selected besides area and period, for captions: 'thema Wonen · kanaal E-mail of website'."""
        parts = [_("thema {label}").format(label=self.theme_label) if self.theme else "",
                 _("kanaal {label}").format(label=self.channel_label) if self.channel else ""]
        return " · ".join(p for p in parts if p)
