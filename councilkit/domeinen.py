"""The domains a kompas can be about: one law of `frameworks/wetten.yaml` (by its id), or the whole
sociaal domein, which answers to all of them.

The ids are written here, not read from `wetten.yaml`, because the `init`, `catalogus` and
`worksheet combine` options list them and `--help` must start without YAML or pydantic;
`tests/test_domeinen.py` checks that they are exactly the laws in `wetten.yaml` plus the whole
domain. The names of the laws are not here: they come from `wetten.yaml` (`Wetten.domein_naam`).
"""

from __future__ import annotations

from typing import Literal, get_args

#: The laws by their id in `wetten.yaml`; each is also a domain of its own.
WetId = Literal["wmo", "jeugd", "participatie"]
Domein = Literal[WetId, "sociaal-domein"]

#: Every domain id, in the order the options list them.
DOMEINEN: tuple[str, ...] = get_args(Domein)

#: The domain that covers every law at once, and how a sentence names it.
SOCIAAL_DOMEIN = "sociaal-domein"
SOCIAAL_DOMEIN_NAAM = "sociaal domein"
