"""jixiao.workbook"""
