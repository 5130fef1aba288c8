"""The model of `councilkit.yaml`, the project settings (`councilkit.settings` reads and applies it).

Its own module so that a run without a settings file does not build these models.
"""

from __future__ import annotations

from pydantic import Field

from councilkit.model.common import Strict, empty_list


class Huisstijl(Strict):
    referentiedocument: str | None = Field(
        None, description="Word-document met de huisstijl (voor .docx), relatief aan dit bestand."
    )
    sjablonen: str | None = Field(None, description="Map met eigen sjablonen, relatief aan dit bestand.")


class Onthulling(Strict):
    drempel: int | None = Field(
        None, ge=0, description="Aantallen tot en met deze waarde niet tonen; alleen strenger dan het kompas."
    )


class Instellingen(Strict):
    """The file `councilkit.yaml`."""

    huisstijl: Huisstijl = Field(default_factory=Huisstijl)
    data: list[str] = Field(default_factory=empty_list, description="Monitordata: store of exportbestanden.")
    onthulling: Onthulling = Field(default_factory=Onthulling)
