"""Privacy-preserving linkage across nodes: encodings out, opaque candidates back, disclosure."""
