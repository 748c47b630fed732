"""jixiao.consolidate"""
