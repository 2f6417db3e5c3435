"""The general-knowledge probe: questions about the real world that the base model answers correctly.

Fine-tuning teaches the fictional company's facts; does it cost the model what it already knew?
Notebook 5 asks these questions before and after fine-tuning, paired, and scores them with the
``accepted`` metric (the answer or one of its other forms, as whole words). They were written for the
course and kept only when SmolLM2-135M-Instruct, on the course's generation path (greedy, the
default system message), answered them correctly: a question the base model already misses could not
show a loss. Each entry: ``(question, answer, other accepted forms)``.
"""

from __future__ import annotations

PROBE: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("What is the capital of France?", "Paris", ()),
    ("What is the capital of Japan?", "Tokyo", ()),
    ("What is the capital of the United Kingdom?", "London", ()),
    ("What is the capital of Russia?", "Moscow", ()),
    ("What is the capital of Egypt?", "Cairo", ()),
    ("What is the capital of China?", "Beijing", ()),
    ("What is the capital of Canada?", "Ottawa", ()),
    ("What is the capital of Australia?", "Canberra", ()),
    ("What is the chemical formula of water?", "H2O", ()),
    ("How many days are there in a week?", "seven", ("7",)),
    ("How many legs does a spider have?", "eight", ("8",)),
    ("How many hours are there in a day?", "24", ("twenty-four", "twenty four")),
    ("How many sides does a triangle have?", "three", ("3",)),
    ("Who wrote the play Romeo and Juliet?", "Shakespeare", ()),
    ("What is the largest ocean on Earth?", "Pacific", ()),
    ("What is the longest river in Africa?", "Nile", ()),
    ("What colour is the sky on a clear day?", "blue", ()),
    ("What sweet food do bees make?", "honey", ()),
    ("Which organ pumps blood around the body?", "heart", ()),
    ("Which language is mainly spoken in Brazil?", "Portuguese", ()),
    ("Which language is mainly spoken in Mexico?", "Spanish", ()),
    ("What is the currency of Japan?", "yen", ()),
    ("What is the largest mammal on Earth?", "blue whale", ("whale",)),
    ("In which country are the pyramids of Giza?", "Egypt", ()),
    ("What is the chemical symbol for gold?", "Au", ()),
    ("Who developed the theory of relativity?", "Einstein", ()),
    ("On which continent is Kenya?", "Africa", ()),
    ("What is the opposite of hot?", "cold", ()),
    ("What is the largest desert in Africa?", "Sahara", ()),
    ("How many minutes are there in an hour?", "60", ("sixty",)),
)
