"""Protection and overseas watch: key-trademark protection lists (重点商标保护名录) with mutual recognition,
Chinese word-mark similarity, rights-protection cases (快速维权), the US ITC Section 337 watch and portfolio
deadlines and risk alerts (docs/protection.md)."""
