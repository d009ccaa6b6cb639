#!/usr/bin/env python3
"""Ground truth for the estimator: run real Transformers (+ PEFT, bitsandbytes) training steps on
a GPU for configurations written in vram-bot's grammar and record the peak memory statistics.

Usage (on a machine with a CUDA GPU, torch, transformers and peft installed; nothing is
downloaded: models are built from their config with random weights):

    python3 scripts/measure_peak.py --configs calibration/configs.json \
        --lines "model:llama-3.2-1b lora:true batch:2 seq:1024" "model:qwen-2.5-0.5b method:full" \
        --out calibration/device-measurements.jsonl

`calibration/configs.json` maps catalog ids to their config.json values (write it with
`npm run -s vram -- models` ids and the Hub configs you have, or the catalog's fields). Each output
line carries the grammar line, the torch/transformers/peft versions, the GPU name, and
max_memory_allocated, max_memory_reserved and nvidia-smi's used memory at the peak, so
bench/accuracy can compare each statistic with the estimate. The estimator is never tuned to a
single line: see README "Accuracy".

Supported keys: model, method (full/lora/qlora), rank, dropout, targets, precision
(bf16/fp16/fp32/mixed), optimizer (adamw/adamw-fused/adamw-8bit/sgd), batch, seq, accum, gc,
attention (sdpa/eager/flash), loss (standard only). Others are reported as unsupported.
"""
import argparse
import json
import subprocess
import sys
import time

TARGETS = {"q": "q_proj", "k": "k_proj", "v": "v_proj", "o": "o_proj", "gate": "gate_proj", "up": "up_proj", "down": "down_proj", "head": "lm_head"}
PRESETS = {"all": "q,k,v,o,gate,up,down", "attn": "q,k,v,o", "qv": "q,v", "mlp": "gate,up,down"}


def parse(line):
    out = {}
    for tok in line.split():
        k, _, v = tok.partition(":")
        out[k.lower()] = v
    if out.get("lora") == "true":
        out["method"] = "lora"
    if out.get("qlora") == "true":
        out["method"] = "qlora"
    return out


def nvidia_smi_used_mib():
    try:
        r = subprocess.run(["nvidia-smi", "--query-gpu=memory.used", "--format=csv,noheader,nounits"], capture_output=True, text=True, timeout=10)
        return int(r.stdout.strip().splitlines()[0])
    except Exception:  # noqa: BLE001 - a missing nvidia-smi is recorded, not fatal
        return None


def run(line, configs):
    import torch
    import transformers
    from transformers import AutoConfig, AutoModelForCausalLM

    a = parse(line)
    method = a.get("method", "full")
    precision = a.get("precision", "bf16")
    dtype = {"bf16": torch.bfloat16, "fp16": torch.float16, "fp32": torch.float32, "mixed": torch.float32}[precision]
    batch, seq, accum = int(a.get("batch", 1)), int(a.get("seq", 2048)), int(a.get("accum", 1))
    attn = {"sdpa": "sdpa", "eager": "eager", "flash": "flash_attention_2"}[a.get("attention", "sdpa")]
    cfg = AutoConfig.for_model(**configs[a["model"]])
    cfg._attn_implementation = attn

    torch.cuda.empty_cache()
    torch.cuda.reset_peak_memory_stats()
    quant = None
    if method == "qlora":
        from transformers import BitsAndBytesConfig
        quant = BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_quant_type=a.get("quant", "nf4"), bnb_4bit_use_double_quant=a.get("dq") == "true", bnb_4bit_compute_dtype=torch.bfloat16)
    with torch.device("cuda"):
        model = AutoModelForCausalLM.from_config(cfg, torch_dtype=dtype)
    if quant is not None:
        raise SystemExit("qlora needs quantized loading from a checkpoint: save the random model with save_pretrained first (not automated here)")
    if a.get("gc", "false") == "true":
        model.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": False})
        model.enable_input_require_grads()
    if method in ("lora", "qlora"):
        from peft import LoraConfig, get_peft_model
        targets = PRESETS.get(a.get("targets", "all"), a.get("targets", "all"))
        model = get_peft_model(model, LoraConfig(r=int(a.get("rank", 16)), lora_alpha=2 * int(a.get("rank", 16)), lora_dropout=float(a.get("dropout", 0)), target_modules=[TARGETS[t] for t in targets.split(",")]))
    params = [p for p in model.parameters() if p.requires_grad]
    opt_name = a.get("optimizer", "adamw")
    if opt_name == "adamw-8bit":
        import bitsandbytes as bnb
        opt = bnb.optim.AdamW8bit(params, lr=1e-5)
    elif opt_name == "sgd":
        opt = torch.optim.SGD(params, lr=1e-5, momentum=0.9)
    else:
        opt = torch.optim.AdamW(params, lr=1e-5, fused=opt_name == "adamw-fused")
    ids = torch.randint(0, cfg.vocab_size, (batch, seq), device="cuda")
    autocast = torch.autocast("cuda", dtype=torch.bfloat16) if precision in ("bf16", "mixed") else torch.autocast("cuda", enabled=False)
    smi_peak = 0
    for _step in range(2):  # step 2 is the steady state (optimizer states exist)
        for _ in range(accum):
            with autocast:
                loss = model(input_ids=ids, labels=ids).loss / accum
            loss.backward()
            smi_peak = max(smi_peak, nvidia_smi_used_mib() or 0)
        opt.step()
        smi_peak = max(smi_peak, nvidia_smi_used_mib() or 0)
        opt.zero_grad(set_to_none=True)
    torch.cuda.synchronize()
    import peft  # noqa: F401 - version only
    return {
        "line": line,
        "gpu": torch.cuda.get_device_name(0),
        "torch": torch.__version__, "transformers": transformers.__version__, "peft": sys.modules["peft"].__version__,
        "max_memory_allocated": torch.cuda.max_memory_allocated(),
        "max_memory_reserved": torch.cuda.max_memory_reserved(),
        "nvidia_smi_used_mib_peak_sampled": smi_peak,
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "script": "scripts/measure_peak.py",
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--configs", required=True)
    ap.add_argument("--lines", nargs="+", required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    configs = json.load(open(args.configs))
    with open(args.out, "a") as f:
        for line in args.lines:
            try:
                rec = run(line, configs)
            except Exception as e:  # noqa: BLE001 - an OOM or unsupported line is data too
                rec = {"line": line, "error": f"{type(e).__name__}: {e}"}
            f.write(json.dumps(rec) + "\n")
            print(json.dumps(rec), flush=True)


if __name__ == "__main__":
    main()
