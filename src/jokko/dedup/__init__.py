"""Duplicate persons inside one node: candidate pairs, a reviewer's judgement, lossless merges."""
