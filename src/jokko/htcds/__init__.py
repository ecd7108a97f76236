"""Human Trafficking Case Data Standard exchange."""
