"""Exercises of lesson 05_customer_operations/01_customer_value (客户价值).

The lesson is not written yet: its data (``finmkt.data.customer_value``) and reference method
(``finmkt.methods.customer_value``) are. Exercises are registered here when it is.
"""

LESSON = "05_customer_operations/01_customer_value"
