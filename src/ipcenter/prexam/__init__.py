"""Pre-examination service of IP protection centres (专利快速预审, 批量预审): docs/prexam.md."""
