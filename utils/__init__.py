"""The course's shared package. Its modules, in the order the notebooks meet them:

Setup and the knowledge base (notebook 0)
    settings     paths, seeds, and every environment variable the course reads
    profiles     the profile: every size that differs between ``quick`` and ``full``, on one screen
    doctor       what this machine has and lacks (``python -m utils.doctor``)
    data         the knowledge base: facts, documents, questions, splits, the house format
    integrity    every promise of the datasheet, checked (``make check``)
    blind        blind baselines: how often option-picking rules that read no facts score
    models       the two models, offline: the small LLM and the embedder; device and precision
    precision    float32 or bf16 autocast for each kind of work, measured on this machine once
    generation   batched greedy generation with the chat template
    metrics      text and retrieval metrics and bootstrap intervals (no model code)
    aliases      other ways of writing a gold answer, and the ``accepted`` metric
    mcq          multiple choice by log-likelihood (the metric that needs a model)
    evaluation   running a system: the one evaluation path every system goes through
    eval_cache   evaluations' answers kept on disk and reused (``COURSE_EVAL_CACHE``)
    records      the evaluation record: schema, files, the comparison table, the systems
    resources    threads, peak memory, the memory check before training
    plots        bars with intervals, and where figures are saved
    evidence     the evidence-so-far block that ends notebooks 0-4, and notebook 5 gathering it
The RAG track (notebooks 1-2)
    retrieval    chunking, embeddings, cosine top-k by hand, the Qdrant index and its updates
    rag          prompts from retrieved chunks, answers, failure analysis, the update timed
The fine-tuning track (notebooks 3-4)
    ft_data      the training data: examples, the loss mask, datasets, padding
    lora         a LoRA layer by hand, peft's configuration, merging
    training     LoRA training with transformers' Trainer, on any data set; the ablation
    precision_compare  the first training steps in float32 and under bf16, side by side (notebook 4b)
    train_cache  finished trainings kept on disk and reused (``COURSE_TRAIN_CACHE``)
    adapters     the adapter on disk: save, load, fingerprint, size
The comparison (notebook 5)
    comparison   every system against every other from the records; the update experiment
    ablation     RAG's ablations: the same chunks found by Qdrant, NumPy and BM25
    cost         measured tokens, seconds and FLOPs priced: monthly cost, break-even, the panel
    complexity   implementation complexity counted from the course's own code
    claims       the claims the course tests, and what the literature found
    scorecard    a verdict on every claim, computed from the numbers by a tested rule
Beyond (notebook 6)
    raft         RAFT's data: oracle and distractor passages, the quote, the sweep's contexts
    guide        the decision guide: a use case in, a recommendation from the scorecard out
Around the notebooks
    exercises    every exercise's check and reference, and finding a learner's function
    grade        ``make grade``: a class's notebooks graded into a gradebook and feedback
    grade_exercise  one exercise of one submission: the learner's code in a child, judged here
    grade_child  the child process: limits, the guard, the learner's code, nothing else
    grade_wire   plain data (never a pickle) across the grader's process boundary
    grade_sample  the sample class of ``make grade-demo``, hostile submissions included
    learner      the learner copies of the notebooks, generated from ``solutions/``
    colab        the Colab badge and setup cell of every notebook; installing in a Colab runtime
    run_course   ``make run``: execute every notebook, write ``results/``
    bench        ``make bench``: speed and memory figures, ``results/bench.json``
    bench_answers  its sections on answering: threads, precision, generation, multiple choice
    report       ``make report``: the scorecard and the results tables, from ``results/``

Import what you need from its module (``from utils.models import load_llm``). Nothing heavy runs at
import time: torch, transformers and llama-index load only when a function that needs them is called.
"""

__version__ = "0.1.0"
