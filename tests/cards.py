"""Cards the tests render: the first customer's, and the hard cases."""

from __future__ import annotations

from sharecards import Card

SEED = Card(
    title="Low Dose Naltrexone for Interstitial Cystitis",
    category="Interstitial Cystitis",
    quote=(
        "LDN may help some sufferers with the pain but generally seems most useful "
        "when IC occurs along other conditions, such as fibromyalgia."
    ),
    site_name="healthyhildegard.com",
)
SHORT = Card(title="Hi", site_name="x.io")
LONG_GERMAN = Card(
    title="Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichen und die unglaublich lange "
    "Geschichte der Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetze",
    category="Geschichte & Recht",
    quote="Ein sehr langes Zitat, das niemals in die Box passen wird, weil es einfach viel zu lang ist "
    "und immer weiter geht, bis es abgeschnitten werden muss. " * 3,
    site_name="beispiel.de",
    lang="de",
)
GREEK_CYRILLIC = Card(
    title="Ελληνικά και Кириллица: Ça va, Ærøskøbing!",
    category="Αλφάβητο",
    quote="Съешь же ещё этих мягких французских булок, да выпей чаю.",
)
