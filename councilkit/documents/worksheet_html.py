"""The worksheet as one self-contained HTML form that works offline (USB stick, e-mail attachment).

Everything is inline: CSS, script and data; no network, no external fonts. What a raadslid types is
kept in the browser's localStorage under a key per worksheet kind, variant and gemeente (two forms
never mix) and restored on reopening; `#bewaar` saves the answers as a JSON file (format marker
`councilkit-werkblad`) that `councilkit worksheet read` and the form's own "open" button read back.

Safety: every framework text and the gemeente name are HTML-escaped here; the data the script needs
is embedded as JSON with `<`, `>` and `&` escaped, so no text can close the script element; and the
script only ever sets `value` and `textContent`, never HTML, so typed text stays text.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from councilkit.model.werkblad import FORMAAT
from councilkit.model.werkbladformulier import Stap, Veld, Werkbladformulier
from councilkit.render.html import content_security_policy, script_json


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def form_html(formulier: Werkbladformulier, *, gemeente: str = "", datum: dt.date | None = None) -> str:
    titel = formulier.titel + (f" — gemeente {gemeente}" if gemeente else "")
    config = {
        "formaat": FORMAAT,
        "soort": formulier.soort,
        "variant": formulier.variant,
        "versie": formulier.versie,
        "gemeente": gemeente,
        "titel": formulier.titel,
        "velden": [{"id": v.id, "lijst": v.is_lijst, "aantal": v.aantal} for v in formulier.velden.values()],
        "kolommen": [
            {"id": k.id, "kop": k.kop, "keuzes_uit": k.keuzes_uit}
            for k in (formulier.koppeltabel.kolommen if formulier.koppeltabel else ())
        ],
        "rijen": formulier.koppeltabel.rijen if formulier.koppeltabel else 0,
    }
    parts = [
        "<!doctype html>",
        '<html lang="nl">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_e(content_security_policy([SCRIPT]))}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="councilkit">',
        f"<title>{_e(titel)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        '<a class="overslaan" href="#stap-1">Direct naar de eerste stap</a>',
        "<header>",
        f"<h1>{_e(formulier.titel)}</h1>",
        f'<p class="ondertitel">Werkblad {_e(formulier.variant_naam)}'
        + (f" · gemeente {_e(gemeente)}" if gemeente else "")
        + "</p>",
        "</header>",
        "<main>",
        _intro(formulier),
        _over_u(formulier),
    ]
    for stap in formulier.stappen:
        parts.append(_stap(stap))
    if formulier.koppeltabel:
        parts.append(_koppeltabel(formulier))
    parts += [
        _bewaren(),
        "</main>",
        "<footer>",
        f"<p>Gemaakt met councilkit{(' op ' + _e(datum.isoformat())) if datum else ''}; "
        f"formulierversie {_e(formulier.versie)}.</p>",
        "</footer>",
        f'<script type="application/json" id="werkblad-gegevens">{script_json(config)}</script>',
        f"<script>{SCRIPT}</script>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(parts)


def _intro(formulier: Werkbladformulier) -> str:
    out = ['<section class="inleiding" aria-labelledby="kop-inleiding">']
    out.append('<h2 id="kop-inleiding">Over dit werkblad</h2>')
    out.append(f"<p>{_e(formulier.inleiding)}</p>")
    if formulier.opdracht:
        out.append(f"<p>{_e(formulier.opdracht.toelichting)}</p>")
        out.append(f"<p><strong>{_e(formulier.opdracht.noteer)}</strong></p>")
    out.append(
        '<p class="werkwijze">Wat u typt, bewaart deze browser vanzelf op deze computer; als u het bestand '
        "later opnieuw opent, staan uw antwoorden er weer. Wilt u verder op een andere computer, of uw "
        "antwoorden naar de griffie sturen? Gebruik dan onderaan de knop <strong>Antwoorden bewaren als "
        "bestand</strong>. Dit formulier werkt zonder internet en stuurt niets weg.</p>"
    )
    out.append("</section>")
    return "\n".join(out)


def _over_u(formulier: Werkbladformulier) -> str:
    wie = "Over u" if formulier.variant == "zelf" else "Wie vulde dit in"
    naam = "Uw naam" if formulier.variant == "zelf" else "Naam (bijvoorbeeld de griffie of de voorzitter)"
    fractie = "Uw fractie" if formulier.variant == "zelf" else "Fractie of gremium (mag leeg blijven)"
    return "\n".join(
        [
            '<section class="over" aria-labelledby="kop-over">',
            f'<h2 id="kop-over">{wie}</h2>',
            '<div class="rij">',
            f'<div class="veld"><label for="naam">{naam}</label>'
            '<input type="text" id="naam" name="naam" autocomplete="name"></div>',
            f'<div class="veld"><label for="fractie">{fractie}</label>'
            '<input type="text" id="fractie" name="fractie" autocomplete="organization"></div>',
            '<div class="veld"><label for="datum">Datum van invullen</label>'
            '<input type="date" id="datum" name="datum"></div>',
            "</div>",
            "</section>",
        ]
    )


def _stap(stap: Stap) -> str:
    kop = f"kop-stap-{stap.nummer}"
    out = [f'<section class="stap" id="stap-{stap.nummer}" aria-labelledby="{kop}">']
    out.append(f'<h2 id="{kop}">Stap {stap.nummer}. {_e(stap.titel)}</h2>')
    if stap.kernvraag:
        out.append(f'<p class="kernvraag">{_e(stap.kernvraag)}</p>')
    if stap.uitleg:
        out.append(f'<p class="uitleg">{_e(stap.uitleg)}</p>')
    if stap.voorbeelden:
        out.append('<div class="voorbeelden">')
        out.append(f'<h3 id="{kop}-vb">Voorbeelden</h3>')
        out.append(f'<ul aria-labelledby="{kop}-vb">')
        out += [f"<li>{_e(v)}</li>" for v in stap.voorbeelden]
        out.append("</ul></div>")
    if stap.opdracht:
        out.append('<div class="opdracht">')
        out.append(f"<p>{_e(stap.opdracht.toelichting)}</p>")
        if stap.opdracht.vragen:
            out.append(f'<h3 id="{kop}-denk">Om over na te denken</h3>')
            out.append(f'<ul aria-labelledby="{kop}-denk">')
            out += [f"<li>{_e(v)}</li>" for v in stap.opdracht.vragen]
            out.append("</ul>")
        out.append("</div>")
    out += [_veld(veld) for veld in stap.velden]
    out.append("</section>")
    return "\n".join(out)


def _veld(veld: Veld) -> str:
    hulp_id = f"hulp-{veld.id}"
    hulp = f'<p class="hulp" id="{hulp_id}">{_e(veld.hulp)}</p>' if veld.hulp else ""
    described = f' aria-describedby="{hulp_id}"' if veld.hulp else ""
    if not veld.is_lijst:
        return (
            f'<div class="veld"><label for="veld-{veld.id}">{_e(veld.label)}</label>{hulp}'
            f'<textarea id="veld-{veld.id}" name="{veld.id}" rows="4"{described}></textarea></div>'
        )
    out = [f'<fieldset class="lijst"><legend>{_e(veld.label)}</legend>{hulp}', "<ol>"]
    for i in range(1, veld.aantal + 1):
        out.append(
            f'<li><label for="veld-{veld.id}-{i}" class="nummer">Antwoord {i}</label>'
            f'<textarea id="veld-{veld.id}-{i}" name="{veld.id}" rows="2"{described}></textarea></li>'
        )
    out.append("</ol></fieldset>")
    return "\n".join(out)


def _koppeltabel(formulier: Werkbladformulier) -> str:
    tabel = formulier.koppeltabel
    assert tabel is not None
    out = ['<section class="koppel" id="koppel" aria-labelledby="kop-koppel">']
    out.append(f'<h2 id="kop-koppel">{_e(tabel.titel)}</h2>')
    out.append(f"<p>{_e(tabel.toelichting)}</p>")
    out.append("<ul>")
    for kolom in tabel.kolommen:
        out.append(f"<li><strong>{_e(kolom.kop)}</strong>: {_e(kolom.toelichting)}</li>")
    out.append("</ul>")
    if tabel.voorbeelden:
        out.append('<table class="voorbeeld"><caption>Voorbeelden</caption><thead><tr>')
        out += [f'<th scope="col">{_e(k.kop)}</th>' for k in tabel.kolommen]
        out.append("</tr></thead><tbody>")
        for voorbeeld in tabel.voorbeelden:
            out.append("<tr>" + "".join(f"<td>{_e(voorbeeld[k.id])}</td>" for k in tabel.kolommen) + "</tr>")
        out.append("</tbody></table>")
    out.append('<table id="koppeltabel" class="invul"><caption>Uw koppeltabel</caption><thead><tr>')
    out += [f'<th scope="col">{_e(k.kop)}</th>' for k in tabel.kolommen]
    out.append("</tr></thead><tbody></tbody></table>")
    out.append('<p><button type="button" id="rij-erbij">Rij toevoegen aan de koppeltabel</button></p>')
    out.append("</section>")
    return "\n".join(out)


def _bewaren() -> str:
    return "\n".join(
        [
            '<section class="bewaren" aria-labelledby="kop-bewaren">',
            '<h2 id="kop-bewaren">Bewaren, doorsturen en verder werken</h2>',
            "<p>Bewaar uw antwoorden als bestand om ze naar de griffie te sturen of om op een andere "
            "computer verder te werken. Open daar eerst dit werkblad en daarna het bewaarde bestand.</p>",
            '<p class="knoppen">'
            '<button type="button" id="bewaar">Antwoorden bewaren als bestand</button> '
            '<button type="button" id="afdrukken">Afdrukken</button></p>',
            '<p><label for="laad">Een bewaard bestand openen (uw huidige antwoorden worden vervangen)</label>'
            '<input type="file" id="laad" accept=".json,application/json"></p>',
            '<p id="melding" role="status" aria-live="polite"></p>',
            "</section>",
        ]
    )


CSS = """
:root{--tekst:#1a1a1a;--accent:#0b5394;--rand:#6b6b6b;--invul:#fffbe6;--zacht:#f3f6f9}
*{box-sizing:border-box}
html{font-size:100%}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:var(--tekst);
line-height:1.5;background:#fff}
header,main,footer{max-width:52rem;margin:0 auto;padding:0 1rem}
header{padding-top:1.5rem}
h1{font-size:1.9rem;margin:.2rem 0;color:var(--accent)}
h2{font-size:1.4rem;margin:2rem 0 .5rem;color:var(--accent);border-bottom:2px solid var(--accent)}
h3{font-size:1.05rem;margin:1rem 0 .3rem}
.ondertitel{margin:0;font-size:1.1rem}
.overslaan{position:absolute;left:-999rem}
.overslaan:focus{left:1rem;top:1rem;background:#fff;padding:.5rem;z-index:2}
.kernvraag{font-weight:600;font-size:1.1rem}
.voorbeelden,.opdracht{background:var(--zacht);padding:.5rem 1rem;border-left:4px solid var(--accent);margin:.8rem 0}
.veld{margin:1rem 0}
.rij{display:flex;flex-wrap:wrap;gap:1rem}
.rij .veld{flex:1 1 14rem;margin:0}
label,legend{display:block;font-weight:600;margin-bottom:.25rem}
.hulp{margin:.1rem 0 .4rem;font-size:.95rem}
input[type=text],input[type=date],textarea{width:100%;font:inherit;color:inherit;padding:.45rem;
border:2px solid var(--rand);border-radius:4px;background:var(--invul)}
textarea{resize:vertical;min-height:2.8rem}
input:focus,textarea:focus,select:focus,button:focus,a:focus{outline:3px solid #c55a11;outline-offset:2px}
fieldset{border:1px solid var(--rand);border-radius:4px;padding:.5rem 1rem;margin:1rem 0}
fieldset ol{margin:0;padding-left:0;list-style:none}
fieldset li{margin:.4rem 0}
.nummer{font-weight:normal;font-size:.95rem}
select.kies{width:100%;font:inherit;font-size:.9rem;margin-top:.25rem;padding:.2rem;border:1px solid var(--rand);
border-radius:4px;background:#fff;color:inherit}
table{border-collapse:collapse;width:100%;margin:.8rem 0}
caption{text-align:left;font-weight:600;padding:.3rem 0}
th,td{border:1px solid var(--rand);padding:.35rem;vertical-align:top;text-align:left}
th{background:var(--zacht)}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
button{font:inherit;padding:.5rem 1rem;border:2px solid var(--accent);border-radius:4px;background:var(--accent);
color:#fff;cursor:pointer}
button:hover{background:#083d6d}
#melding{font-weight:600;min-height:1.5rem}
footer{margin:2rem auto;font-size:.9rem;color:#4a4a4a}
@media (max-width:40rem){
table.invul,table.invul thead,table.invul tbody,table.invul tr,table.invul td{display:block;width:100%}
table.invul thead{position:absolute;left:-999rem}
table.invul tr{border:1px solid var(--rand);margin:.5rem 0;padding:.3rem}
table.invul td{border:0}
table.invul .sr-only{position:static;width:auto;height:auto;clip:auto;white-space:normal}
}
@media print{
@page{size:A4;margin:16mm 15mm}
body{font-size:10.5pt}
header,main,footer{max-width:none;padding:0}
.bewaren,.overslaan,#rij-erbij,.werkwijze,select.kies{display:none}
h2{break-after:avoid;page-break-after:avoid}
.veld,fieldset li,tr{break-inside:avoid;page-break-inside:avoid}
textarea,input{background:#fff;border:1px solid #000;overflow:hidden;resize:none}
textarea{min-height:3.5rem}
a{color:inherit}
}
"""

SCRIPT = r"""
(function () {
  'use strict';
  var cfg = JSON.parse(document.getElementById('werkblad-gegevens').textContent);
  var sleutel = 'councilkit-werkblad:' + cfg.soort + ':' + cfg.variant + ':' + cfg.gemeente;
  var melding = document.getElementById('melding');
  var tbody = document.querySelector('#koppeltabel tbody');

  function zeg(tekst) { melding.textContent = tekst; }
  function el(id) { return document.getElementById(id); }
  function groei(ta) { ta.style.height = 'auto'; ta.style.height = (ta.scrollHeight + 4) + 'px'; }

  function rijErbij(waarden) {
    if (!tbody) { return null; }
    var n = tbody.rows.length + 1;
    var tr = document.createElement('tr');
    cfg.kolommen.forEach(function (k) {
      var td = document.createElement('td');
      var label = document.createElement('label');
      label.className = 'sr-only';
      label.htmlFor = 'koppel-' + n + '-' + k.id;
      label.textContent = k.kop + ', rij ' + n;
      var ta = document.createElement('textarea');
      ta.id = 'koppel-' + n + '-' + k.id;
      ta.rows = 3;
      ta.setAttribute('data-kolom', k.id);
      ta.value = (waarden && typeof waarden[k.id] === 'string') ? waarden[k.id] : '';
      td.appendChild(label);
      td.appendChild(ta);
      if (k.keuzes_uit) { td.appendChild(keuzelijst(k, n, ta)); }
      tr.appendChild(td);
    });
    tbody.appendChild(tr);
    return tr;
  }

  // A choice list next to a cell: the answers of the earlier step, rebuilt whenever it gets focus.
  // Options are created with textContent/value only, so typed text stays text.
  var keuzeVullers = [];
  function vernieuwKeuzes() { keuzeVullers.forEach(function (vul) { vul(); }); }

  function keuzelijst(k, n, ta) {
    var veld = cfg.velden.filter(function (v) { return v.id === k.keuzes_uit; })[0];
    var label = document.createElement('label');
    label.className = 'sr-only';
    var kies = document.createElement('select');
    kies.id = 'kies-' + n + '-' + k.id;
    kies.className = 'kies';
    label.htmlFor = kies.id;
    label.textContent = k.kop + ', rij ' + n + ': kies uit uw eerdere antwoorden';
    function vul() {
      while (kies.options.length) { kies.remove(0); }
      var leeg = document.createElement('option');
      leeg.value = '';
      leeg.textContent = 'Kies uit uw eerdere antwoorden…';
      kies.appendChild(leeg);
      for (var i = 1; veld && i <= veld.aantal; i++) {
        var tekst = el('veld-' + veld.id + '-' + i).value;
        if (tekst.trim()) {
          var optie = document.createElement('option');
          optie.value = tekst;
          optie.textContent = tekst;
          kies.appendChild(optie);
        }
      }
    }
    vul();
    keuzeVullers.push(vul);
    kies.addEventListener('change', function () {
      if (kies.value) { ta.value = kies.value; groei(ta); bewaarLokaal(); }
      kies.value = '';
    });
    var span = document.createElement('span');
    span.appendChild(label);
    span.appendChild(kies);
    return span;
  }

  function verzamel() {
    var data = {
      formaat: cfg.formaat, formaatversie: 1, werkblad: cfg.soort, variant: cfg.variant,
      versie: cfg.versie, gemeente: cfg.gemeente, naam: el('naam').value, fractie: el('fractie').value,
      datum: el('datum').value, antwoorden: {}, koppeltabel: []
    };
    cfg.velden.forEach(function (v) {
      if (v.lijst) {
        var items = [];
        for (var i = 1; i <= v.aantal; i++) { items.push(el('veld-' + v.id + '-' + i).value); }
        data.antwoorden[v.id] = items;
      } else {
        data.antwoorden[v.id] = el('veld-' + v.id).value;
      }
    });
    if (tbody) {
      Array.prototype.forEach.call(tbody.rows, function (tr) {
        var rij = {};
        Array.prototype.forEach.call(tr.querySelectorAll('textarea'), function (ta) {
          rij[ta.getAttribute('data-kolom')] = ta.value;
        });
        data.koppeltabel.push(rij);
      });
    }
    return data;
  }

  function tekst(waarde) { return typeof waarde === 'string' ? waarde : ''; }

  function zetTerug(data) {
    el('naam').value = tekst(data.naam);
    el('fractie').value = tekst(data.fractie);
    el('datum').value = /^\d{4}-\d{2}-\d{2}$/.test(tekst(data.datum)) ? data.datum : '';
    var antwoorden = (data.antwoorden && typeof data.antwoorden === 'object') ? data.antwoorden : {};
    cfg.velden.forEach(function (v) {
      var a = antwoorden[v.id];
      if (v.lijst) {
        var items = Array.isArray(a) ? a : (typeof a === 'string' ? [a] : []);
        for (var i = 1; i <= v.aantal; i++) { el('veld-' + v.id + '-' + i).value = tekst(items[i - 1]); }
      } else {
        el('veld-' + v.id).value = Array.isArray(a) ? a.map(tekst).join('\n') : tekst(a);
      }
    });
    if (tbody) {
      while (tbody.rows.length) { tbody.deleteRow(0); }
      var rijen = Array.isArray(data.koppeltabel) ? data.koppeltabel : [];
      rijen.forEach(function (rij) { rijErbij(rij && typeof rij === 'object' ? rij : {}); });
      while (tbody.rows.length < cfg.rijen) { rijErbij({}); }
    }
    Array.prototype.forEach.call(document.querySelectorAll('textarea'), groei);
    vernieuwKeuzes();
  }

  function bewaarLokaal() {
    try {
      localStorage.setItem(sleutel, JSON.stringify(verzamel()));
    } catch (e) {
      zeg('Deze browser bewaart uw antwoorden niet vanzelf. Bewaar ze daarom als bestand.');
    }
  }

  var opgeslagen = null;
  try { opgeslagen = localStorage.getItem(sleutel); } catch (e) { opgeslagen = null; }
  if (opgeslagen) {
    try { zetTerug(JSON.parse(opgeslagen)); zeg('Uw eerder ingevulde antwoorden staan er weer.'); }
    catch (e) { zetTerug({}); }
  } else {
    zetTerug({});
  }

  document.addEventListener('input', function (ev) {
    if (ev.target && ev.target.tagName === 'TEXTAREA') {
      groei(ev.target);
      if (ev.target.id.indexOf('veld-') === 0) { vernieuwKeuzes(); }
    }
    if (ev.target && ev.target.id !== 'laad') { bewaarLokaal(); }
  });

  var erbij = el('rij-erbij');
  if (erbij) {
    erbij.addEventListener('click', function () {
      var tr = rijErbij({});
      bewaarLokaal();
      tr.querySelector('textarea').focus();
      zeg('Er is een rij toegevoegd aan de koppeltabel (rij ' + tbody.rows.length + ').');
    });
  }

  function bestandsnaam(data) {
    var wie = (data.naam || 'raadslid').toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '')
      .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'raadslid';
    return 'werkblad-' + cfg.soort + (cfg.variant === 'raad' ? '-raad' : '') + '-' + wie + '.json';
  }

  el('bewaar').addEventListener('click', function () {
    var data = verzamel();
    var blob = new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
    var a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = bestandsnaam(data);
    document.body.appendChild(a);
    a.click();
    document.body.removeChild(a);
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 10000);
    var naamLeeg = !data.naam.trim() && cfg.variant === 'zelf';
    zeg('Uw antwoorden zijn bewaard als ' + a.download + '.' +
      (naamLeeg ? ' Let op: uw naam is nog niet ingevuld; de griffie heeft die nodig.' : ''));
  });

  el('afdrukken').addEventListener('click', function () { window.print(); });
  window.addEventListener('beforeprint', function () {
    Array.prototype.forEach.call(document.querySelectorAll('textarea'), groei);
  });

  el('laad').addEventListener('change', function (ev) {
    var bestand = ev.target.files && ev.target.files[0];
    if (!bestand) { return; }
    var lezer = new FileReader();
    lezer.onload = function () {
      var data;
      try { data = JSON.parse(String(lezer.result)); } catch (e) { data = null; }
      ev.target.value = '';
      if (!data || typeof data !== 'object' || data.formaat !== cfg.formaat) {
        zeg('Dit bestand is geen bewaard werkblad van councilkit (of het is beschadigd). Er is niets veranderd.');
        return;
      }
      if (data.werkblad !== cfg.soort) {
        zeg('Dit bestand hoort bij het werkblad "' + tekst(data.werkblad) + '", niet bij dit werkblad. ' +
          'Open het in het juiste werkblad. Er is niets veranderd.');
        return;
      }
      if (data.variant !== cfg.variant) {
        zeg('Dit bestand hoort bij de andere variant van dit werkblad (' +
          (data.variant === 'raad' ? 'voor de raad samen' : 'voor het raadslid') + '). Er is niets veranderd.');
        return;
      }
      try { localStorage.setItem(sleutel + ':vorige', JSON.stringify(verzamel())); } catch (e) { /* niets */ }
      zetTerug(data);
      bewaarLokaal();
      zeg('Het bestand ' + bestand.name + ' is geopend; u kunt verder werken.');
    };
    lezer.onerror = function () { zeg('Het bestand kon niet worden gelezen. Er is niets veranderd.'); };
    lezer.readAsText(bestand);
  });
})();
"""
