"""Turning patents into products (专利转化运用): stock-patent inventory, enterprise needs and matching, open licensing, pre-application assessment."""
