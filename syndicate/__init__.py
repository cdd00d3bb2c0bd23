"""syndicate: district news portals turned into clean, valid feeds."""
