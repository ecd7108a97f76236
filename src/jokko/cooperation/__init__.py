"""Judicial cooperation between countries: mutual legal assistance and extradition."""
