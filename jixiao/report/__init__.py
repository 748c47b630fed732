"""jixiao.report"""
