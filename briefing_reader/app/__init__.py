"""Operations a user can perform; the CLI and the GUI both call these."""
