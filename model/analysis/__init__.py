"""What the analysis views add to one result: uncertainty bands, tornado, Shapley
attribution, robustness and goal seek (`combined.analyse` computes them together)."""
