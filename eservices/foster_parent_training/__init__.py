"""Sign-up for training for adoptive parents, foster families and specialised foster
families, or for the annual knowledge improvement ("Pieteikšanās mācībām adoptētāja,
audžuģimenes vai specializētās audžuģimenes statusa saņemšanai vai ikgadējai zināšanu
pilnveidei"), routed to SPOLIS."""
