"""Operations: backup and restore of a node, and clear answers when its storage fails."""
