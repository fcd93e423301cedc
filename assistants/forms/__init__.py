"""Editor forms, derived from the contract's catalogue."""
