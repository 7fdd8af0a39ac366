"""The public record and its sources in a reader's words (Help's record table, the preset's
sources): each series by a human name, never its id in resources/record_series.csv, and each
source by what is known of it (a missing headline, date or address is left out, not announced
as "not recorded")."""

from __future__ import annotations

from dprk_explorer.model.sources.citations import (
    DATE_NOT_RECORDED,
    TITLE_NOT_RECORDED,
    URL_NOT_RECORDED,
)

#: Each series of the public record by name (ids as in resources/record_series.csv).
SERIES_NAMES: dict[str, str] = {
    "ban_2397_export_value": "Exports UNSC 2397 bans, value a year",
    "china_imports_from_dprk": "China's imports from North Korea",
    "china_imports_from_dprk_comtrade": "China's imports from North Korea (UN Comtrade)",
    "china_imports_from_dprk_derived": "China's imports from North Korea (derived)",
    "china_imports_from_dprk_m": "China's imports from North Korea, monthly",
    "china_imports_from_dprk_voa": "China's imports from North Korea (as VOA reports them)",
    "coal_cap_2321": "UNSC 2321 coal cap",
    "coal_cut_2321_pct": "Coal cut UNSC 2321 aims at",
    "coal_official_tonnes": "China's recorded coal imports, tonnes",
    "coal_official_tonnes_derived": "China's recorded coal imports, tonnes (derived)",
    "coal_official_tonnes_m": "China's recorded coal imports, tonnes, monthly",
    "coal_official_value": "China's recorded coal imports, value",
    "coal_official_value_derived": "China's recorded coal imports, value (derived)",
    "coal_official_value_m": "China's recorded coal imports, value, monthly",
    "coal_official_value_ytd": "China's recorded coal imports, value, year to date",
    "coal_price_chinese_ports": "Coal price at Chinese ports",
    "dprk_exports_to_china_kotra": "North Korea's exports to China (KOTRA)",
    "dprk_exports_to_others_kotra": "North Korea's exports to other partners (KOTRA)",
    "dprk_total_exports_kotra": "North Korea's total exports (KOTRA)",
    "illicit_coal_2018_aggregate": "Smuggled coal, 2018 total (UN Panel of Experts)",
    "illicit_coal_sts_tonnes_poe": "Coal moved ship to ship, tonnes (UN Panel of Experts)",
    "illicit_coal_tonnes_poe": "Smuggled coal, tonnes (UN Panel of Experts)",
    "illicit_coal_value_poe": "Smuggled coal, value (UN Panel of Experts)",
    "illicit_exports_value_poe": "Banned exports shipped anyway, value (UN Panel of Experts)",
    "illicit_exports_value_poe_mid": "Banned exports shipped anyway, mid-year (UN Panel)",
    "iron_ore_exports": "Iron ore exports",
    "iron_ore_exports_to_china_ytd": "Iron ore exports to China, year to date",
    "labour_revenue_ap": "Revenue from workers abroad (AP)",
    "labour_revenue_asan_ne_china": "Revenue from workers in north-east China (Asan)",
    "labour_revenue_ngo2012": "Revenue from workers abroad (NGO estimate, 2012)",
    "labour_revenue_nkdb": "Revenue from workers abroad (NKDB)",
    "labour_revenue_poe": "Revenue from workers abroad (UN Panel of Experts)",
    "labour_revenue_rok_nis": "Revenue from workers abroad (South Korea's intelligence service)",
    "labour_revenue_us_un": "Revenue from workers abroad (US at the UN)",
    "labour_revenue_usstate": "Revenue from workers abroad (US State Department)",
    "mineral_fuels_exports_kotra": "Mineral fuel exports (KOTRA)",
    "projection_2017_iron": "Iron exports the 2371 ban was expected to stop",
    "projection_2017_lead": "Lead exports the 2371 ban was expected to stop",
    "projection_2017_seafood": "Seafood exports the 2371 ban was expected to stop",
    "seafood_exports_kotra": "Seafood exports (KOTRA)",
    "seafood_imports_by_china_ytd": "China's seafood imports from North Korea, year to date",
    "smuggled_coal_price_dailynk": "Price of smuggled coal (Daily NK)",
    "squid_exports_to_china_ytd": "Squid exports to China, year to date",
    "textile_exports_kotra": "Textile exports (KOTRA)",
    "textile_exports_to_china_m": "Textile exports to China, monthly",
    "workers_china_2019": "North Korean workers in China, 2019",
    "workers_china_share": "Share of workers abroad who are in China",
    "workers_repatriated_interim": "Workers sent home by the interim deadline",
}

#: Words of a series id, for a series not named above (never shown as an id).
_WORDS = {"dprk": "North Korea", "china": "China", "kotra": "(KOTRA)", "poe": "(UN Panel)",
          "m": "monthly", "ytd": "year to date", "pct": "%", "usd": "USD"}  # fmt: skip


def series_name(series: str) -> str:
    """A series of the record as a reader names it."""
    if series in SERIES_NAMES:
        return SERIES_NAMES[series]
    words = [_WORDS.get(word, word) for word in series.split("_")]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def known_only(text: str) -> str:
    """A source as far as it is known: the parts never recorded (a headline, a date, an
    address) are left out rather than listed as missing."""
    for missing in (TITLE_NOT_RECORDED, DATE_NOT_RECORDED, URL_NOT_RECORDED):
        text = text.replace(f", {missing}", "").replace(f"{missing}, ", "")
        text = text.replace(missing, "")
    return text
