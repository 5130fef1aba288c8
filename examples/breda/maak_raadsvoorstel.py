"""Make `raadsvoorstel.docx`: a sample Breda raadsvoorstel for `councilkit proposal check`.

The proposal is written for councilkit (a VOORBEELD: names, dates and amounts are illustrative, not
Breda's). It is deliberately uneven, like many real proposals: some criteria are answered well,
others only in part, so the pre-check has something to show. Word headings use the real heading
styles, the decision points are a numbered list and the header is a small table, as in a municipal
Word template.

    python examples/breda/maak_raadsvoorstel.py
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent

KOP = [
    ("Onderwerp", "Aanpak geldzorgen en schulden 2026–2029"),
    ("Portefeuillehouder", "wethouder armoede en schulden"),
    ("Raadsvergadering", "VOORBEELD — geen echt voorstel van de gemeente Breda"),
]

TEKST: list[tuple[str, str]] = [
    ("h1", "Publiekssamenvatting"),
    (
        "p",
        "Veel Bredanaars hebben moeite om rond te komen. Sommigen hebben schulden. Hoe eerder iemand hulp "
        "krijgt, hoe kleiner het probleem blijft. Daarom wil het college dat inwoners in hun eigen wijk "
        "terechtkunnen met vragen over geld. Er komt in elke wijk een vast spreekuur. U hoeft geen afspraak "
        "te maken. De hulp is gratis.",
    ),
    ("h1", "Voorgesteld besluit"),
    ("n", "De aanpak ‘Samen uit de schulden’ 2026–2029 vast te stellen."),
    ("n", "Voor de geldspreekuren in de wijken vanaf 2026 jaarlijks € 640.000 beschikbaar te stellen."),
    (
        "n",
        "De Beleidsregels schuldhulpverlening aan te passen, zodat inwoners zonder wachttijd een eerste gesprek krijgen.",
    ),
    ("h1", "Inleiding"),
    (
        "p",
        "Het aantal huishoudens met problematische schulden in Breda is de afgelopen jaren niet gedaald. "
        "Inwoners melden zich gemiddeld pas na vijf jaar bij de schuldhulp; de schuld is dan vaak opgelopen "
        "tot meer dan € 40.000. Met deze aanpak verschuift het accent van herstel naar voorkomen.",
    ),
    ("h1", "Relatie met eerdere besluiten"),
    (
        "p",
        "De raad stelde op 8 juli 2021 de visie sociaal domein ‘Breda doet mee’ vast. Daarin staat dat "
        "ondersteuning dichtbij en zonder drempels beschikbaar is. Deze aanpak werkt dat uit voor geldzorgen. "
        "Ook het kompas Wmo ‘Samen sterk in de wijk’ vraagt om ondersteuning dichtbij, in de wijk, en om eigen "
        "regie van inwoners; de geldspreekuren sluiten daarbij aan. De aanpak vervangt het plan schuldhulpverlening "
        "2022–2025, dat eind 2025 afloopt.",
    ),
    ("h1", "Wat willen we bereiken"),
    (
        "p",
        "We verwachten dat inwoners eerder hulp vragen, zodat minder schulden problematisch worden. Door de "
        "spreekuren in de wijk komen ook inwoners in beeld die nu niet naar het stadskantoor gaan. Een risico is "
        "dat de vraag naar schuldhulp de eerste jaren stijgt. Met vaste spreekuren weten inwoners die zich melden "
        "ook sneller waar ze aan toe zijn.",
    ),
    ("h1", "Uitvoerbaarheid"),
    (
        "p",
        "In mei en juni 2025 is de werkwijze getoetst bij de wijkteams, de schuldhulpverleners van de "
        "Kredietbank en twee woningcorporaties. Zij gaven aan dat een vast spreekuur per wijk haalbaar is als "
        "de spreekuren in bestaande wijkcentra plaatsvinden. Daarvoor is 6 fte nodig; die zitten in het "
        "gevraagde budget. De cliëntenraad adviseerde de formulieren eenvoudiger te maken; dat is overgenomen.",
    ),
    ("h1", "Alternatieven"),
    ("p", "Een alternatief is om de schuldhulp volledig in te kopen bij een externe organisatie."),
    ("h1", "Monitoring"),
    (
        "p",
        "We volgen het aantal inwoners dat een spreekuur bezoekt, het aantal aanmeldingen voor schuldhulp en "
        "de hoogte van de schuld bij aanmelding. De uitkomsten worden opgenomen in de monitor sociaal domein.",
    ),
    ("h1", "Financiën"),
    (
        "p",
        "De kosten van € 640.000 per jaar worden gedekt uit het budget armoedebestrijding. Tegenover de kosten "
        "staan lagere uitgaven aan bijzondere bijstand en beschermingsbewind, maar die zijn nog niet te becijferen.",
    ),
    ("h1", "Communicatie"),
    ("p", "Inwoners worden via de wijkkranten, huisartsen en scholen op de spreekuren gewezen."),
]


def build(target: Path = HERE / "raadsvoorstel.docx") -> Path:
    import docx

    document = docx.Document()
    document.core_properties.title = "Raadsvoorstel aanpak geldzorgen en schulden 2026–2029"
    document.core_properties.language = "nl-NL"
    document.add_paragraph("Raadsvoorstel aanpak geldzorgen en schulden 2026–2029", style="Title")
    table = document.add_table(rows=0, cols=2)
    for label, waarde in KOP:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, waarde
    for kind, text in TEKST:
        if kind == "h1":
            document.add_heading(text, level=1)
        elif kind == "n":
            document.add_paragraph(text, style="List Number")
        else:
            document.add_paragraph(text)
    document.save(str(target))
    return target


if __name__ == "__main__":
    print(build())
