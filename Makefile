# Shortcuts for the commands in README.md; each target is one of them, nothing more.
# `make serve` and `make test` are the README's two first commands.
PY := .venv/bin/python
MNIST ?= ../shared/datasets/mnist-8k
PORT ?= 3000

.PHONY: setup serve test build serve-bento fonts train-digits train-fashion train-lines benchmarks

setup:          ## system packages, .venv, shipped models into the BentoML store
	bash scripts/setup.sh

serve:          ## set up, then serve the default models on http://localhost:$(PORT)
	PORT=$(PORT) bash scripts/serve.sh

test:           ## set up, then run the whole test suite
	bash scripts/test.sh

build: setup    ## the bento the container image is made from (then: bentoml containerize text_recognizer:latest)
	.venv/bin/bentoml build

serve-bento: build  ## serve the built bento, as the image would
	.venv/bin/bentoml serve text_recognizer:latest --port $(PORT)

fonts: setup    ## fetch the 213 handwriting families line training uses (npm registry, pinned)
	$(PY) -m text_recognizer.data.font_packages

train-digits: setup
	$(PY) -m training.train_classifier --dataset mnist --data-dir $(MNIST) --epochs 40 --seed 0 --threads 1 --experiment digits

train-fashion: setup
	$(PY) -m training.train_classifier --dataset fashion-mnist --data-dir /usr/share/datasets/fashion-mnist --epochs 12 \
	    --batch-size 256 --lr 4e-3 --seed 0 --threads 1 --experiment fashion

train-lines: fonts  ## from scratch; the shipped weights took 15 stages of fine-tuning (artifacts/text-lines/README.md)
	$(PY) -m training.train_line_recognizer --mnist-dir $(MNIST) --epochs 12 --train-size 12000 --threads 1 --workers 1 \
	    --experiment crnn

benchmarks: setup  ## the serving benchmark against Flask and LitServe (BENCHMARKS.md)
	$(PY) benchmarks/run_serving.py --loadgen wrk --server-cpus 0-1 --client-cpus 0-1
