"""The course's shared package: settings, data, models, generation, metrics and exercise checks.

Import what you need from its modules (``from utils.models import load_llm``). Nothing heavy runs at
import time: torch, transformers and llama-index load only when a function that needs them is called.
"""

__version__ = "0.1.0"
