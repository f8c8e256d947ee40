"""Exercises of lesson 05_customer_operations/04_uplift (交叉销售).

The lesson is not written yet: its data (``finmkt.data.crosssell``) and reference method
(``finmkt.methods.uplift``) are. Exercises are registered here when it is.
"""

LESSON = "05_customer_operations/04_uplift"
