"""jixiao.intake"""
