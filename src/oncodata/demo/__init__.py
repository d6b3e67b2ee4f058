"""The lung cancer case study: synthesize a hospital, load it, build the CDM, check it, analyse it, report it."""
