"""De-identification at the door: keys, pseudonyms, date shifts, text scrubbing, the vault and export control."""
