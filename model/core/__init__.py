"""The model itself: parameters, the monthly timeline, equations, results and scenarios."""
