#!/usr/bin/env python3
"""Measure a fine-tuning step's peak GPU memory for a vram-bot line, and print the
`/vram record ...` line that saves it for your team.

Run it on the GPU you train on, with the same line you give the bot:

    python3 scripts/measure_peak.py "model:llama-3.1-8b lora:true batch:2 seq:2048 gc:true" \
        --hf-id meta-llama/Llama-3.1-8B

It builds the model (random weights from its config.json: `--hf-id` reads the config from the
Hub or a local folder, `--config` takes a config.json path; `--weights` loads the real
checkpoint instead), runs `--steps` training steps (the second and later are the steady state:
the optimizer states exist), and prints three lines to paste into Slack or Discord:

    /vram record measured:41.23 stat:smi model:llama-3.1-8b lora:true batch:2 seq:2048 gc:true
    /vram record measured:39.80 stat:reserved ...
    /vram record measured:36.02 stat:allocated ...

`smi` is this process's used memory as nvidia-smi reports it (sampled after every backward and
optimizer step), `reserved` and `allocated` are torch.cuda.max_memory_reserved and
max_memory_allocated. Use `--jsonl out.jsonl` to keep the raw record (versions, GPU name, bytes).

Written against the APIs of PyTorch 2.4+, transformers 4.46+ (`attn_implementation`,
`from_config(torch_dtype=)`), peft 0.13+ and bitsandbytes 0.45+ (`method:qlora`,
`optimizer:adamw-8bit`); the project has not had a GPU to run it on yet, so report what breaks. Keys it runs: model, method
(full, lora, qlora), rank, dropout, targets, quant (nf4, fp4), dq, precision (bf16, fp16, fp32,
mixed), optimizer (adamw, adamw-fused, adamw-8bit, paged-adamw-8bit, sgd), batch, seq, accum,
gc (true, false), attention (sdpa, eager, flash); other keys are refused (the measurement would
not be of the line you typed). `python3 scripts/measure_peak.py --self-test` checks the parsing
and the printed lines without a GPU.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

TARGETS = {"q": "q_proj", "k": "k_proj", "v": "v_proj", "o": "o_proj", "gate": "gate_proj", "up": "up_proj", "down": "down_proj", "head": "lm_head"}
PRESETS = {"all": "q,k,v,o,gate,up,down", "attn": "q,k,v,o", "qv": "q,v", "mlp": "gate,up,down"}
SUPPORTED = {"model", "mode", "method", "lora", "qlora", "rank", "r", "dropout", "targets", "quant", "dq", "precision",
             "optimizer", "batch", "seq", "accum", "gc", "attention", "preset"}
VALUES = {
    "method": {"full", "lora", "qlora"}, "quant": {"nf4", "fp4"}, "precision": {"bf16", "fp16", "fp32", "mixed"},
    "optimizer": {"adamw", "adamw-fused", "adamw-8bit", "paged-adamw-8bit", "sgd"}, "gc": {"true", "false"},
    "attention": {"sdpa", "eager", "flash"}, "mode": {"train"},
}
GIB = 1024 ** 3


def parse(line):
    """The line's pairs (`key:value` or `key=value`), lowercased keys; `lora:true` -> method:lora."""
    out = {}
    for tok in line.split():
        if tok.startswith("/vram"):
            continue
        sep = ":" if ":" in tok else "="
        k, _, v = tok.partition(sep)
        if not v:
            raise ValueError(f"`{tok}` is not a key:value pair")
        out[k.lower()] = v
    if out.get("lora") == "true":
        out["method"] = "lora"
    if out.get("qlora") == "true":
        out["method"] = "qlora"
    if "r" in out:
        out["rank"] = out.pop("r")
    unknown = sorted(set(out) - SUPPORTED)
    if unknown:
        raise ValueError(f"this script does not run {', '.join('`' + k + '`' for k in unknown)}: measure a line with only {', '.join(sorted(SUPPORTED - {'preset'}))}")
    if "preset" in out:
        raise ValueError("give the full line, not `preset:` (the script cannot read your team's presets); `/vram preset show name:<name>` prints it")
    for k, allowed in VALUES.items():
        if k in out and out[k] not in allowed:
            raise ValueError(f"`{k}:{out[k]}`: this script runs {', '.join(sorted(allowed))}")
    if "model" not in out:
        raise ValueError("the line needs `model:`")
    return out


def record_lines(line, smi_bytes, reserved_bytes, allocated_bytes):
    """The `/vram record` lines to paste, one per statistic that was measured."""
    pairs = " ".join(t for t in line.split() if not t.startswith("/vram"))
    out = []
    for stat, b in (("smi", smi_bytes), ("reserved", reserved_bytes), ("allocated", allocated_bytes)):
        if b:
            out.append(f"/vram record measured:{b / GIB:.2f} stat:{stat} {pairs}")
    return out


def process_used_bytes():
    """This process's GPU memory as nvidia-smi reports it (its compute-apps row), or None."""
    try:
        r = subprocess.run(["nvidia-smi", "--query-compute-apps=pid,used_memory", "--format=csv,noheader,nounits"],
                           capture_output=True, text=True, timeout=10, check=False)
        for row in r.stdout.strip().splitlines():
            pid, _, mib = row.partition(",")
            if pid.strip() == str(os.getpid()):
                return int(mib.strip()) * 1024 ** 2
    except (OSError, ValueError, subprocess.SubprocessError):
        return None
    return None


def build(a, args):
    import torch
    from transformers import AutoConfig, AutoModelForCausalLM

    precision = a.get("precision", "bf16")
    dtype = {"bf16": torch.bfloat16, "fp16": torch.float16, "fp32": torch.float32, "mixed": torch.float32}[precision]
    attn = {"sdpa": "sdpa", "eager": "eager", "flash": "flash_attention_2"}[a.get("attention", "sdpa")]
    source = args.config or args.hf_id
    if source is None:
        raise ValueError("say where the model's config.json is: --hf-id <hub id or folder> or --config <config.json>")
    if args.config:
        values = json.load(open(args.config))
        cfg = AutoConfig.for_model(values.pop("model_type"), **values)
    else:
        cfg = AutoConfig.from_pretrained(source)
    method = a.get("method", "full")
    if method == "qlora":
        from transformers import BitsAndBytesConfig
        q = BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_quant_type=a.get("quant", "nf4"), bnb_4bit_use_double_quant=a.get("dq") == "true",
                               bnb_4bit_compute_dtype=torch.bfloat16 if precision != "fp16" else torch.float16)
        path = args.hf_id if args.weights else None
        tmp = None
        if path is None:
            # bitsandbytes quantizes while loading a checkpoint: write the random model to a temporary folder first (CPU).
            tmp = tempfile.mkdtemp(prefix="measure-peak-")
            AutoModelForCausalLM.from_config(cfg, torch_dtype=torch.bfloat16).save_pretrained(tmp)
            path = tmp
        model = AutoModelForCausalLM.from_pretrained(path, quantization_config=q, torch_dtype=torch.bfloat16, attn_implementation=attn, device_map={"": 0})
        from peft import prepare_model_for_kbit_training
        model = prepare_model_for_kbit_training(model, use_gradient_checkpointing=a.get("gc", "false") == "true")
    elif args.weights:
        model = AutoModelForCausalLM.from_pretrained(args.hf_id, torch_dtype=dtype, attn_implementation=attn, device_map={"": 0})
    else:
        cfg._attn_implementation = attn
        with torch.device("cuda"):
            model = AutoModelForCausalLM.from_config(cfg, torch_dtype=dtype)
    if a.get("gc", "false") == "true" and method != "qlora":
        model.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": False})
        if method == "lora":
            model.enable_input_require_grads()
    if method in ("lora", "qlora"):
        from peft import LoraConfig, get_peft_model
        targets = PRESETS.get(a.get("targets", "all"), a.get("targets", "all"))
        rank = int(a.get("rank", 16))
        model = get_peft_model(model, LoraConfig(r=rank, lora_alpha=2 * rank, lora_dropout=float(a.get("dropout", 0)), target_modules=[TARGETS[t] for t in targets.split(",")]))
    return model, cfg, precision


def measure(line, args):
    a = parse(line)  # refuse what cannot be run faithfully before importing anything heavy
    import torch
    import transformers

    torch.cuda.empty_cache()
    torch.cuda.reset_peak_memory_stats()
    model, cfg, precision = build(a, args)
    params = [p for p in model.parameters() if p.requires_grad]
    opt_name = a.get("optimizer", "adamw")
    if opt_name in ("adamw-8bit", "paged-adamw-8bit"):
        import bitsandbytes as bnb
        opt = (bnb.optim.PagedAdamW8bit if opt_name.startswith("paged") else bnb.optim.AdamW8bit)(params, lr=1e-5)
    elif opt_name == "sgd":
        opt = torch.optim.SGD(params, lr=1e-5, momentum=0.9)
    else:
        opt = torch.optim.AdamW(params, lr=1e-5, fused=opt_name == "adamw-fused")
    batch, seq, accum = int(a.get("batch", 1)), int(a.get("seq", 2048)), int(a.get("accum", 1))
    ids = torch.randint(0, cfg.vocab_size, (batch, seq), device="cuda")
    autocast = torch.autocast("cuda", dtype=torch.bfloat16) if precision == "mixed" else torch.autocast("cuda", enabled=False)
    smi = 0
    model.train()
    for _step in range(args.steps):
        for _ in range(accum):
            with autocast:
                loss = model(input_ids=ids, labels=ids).loss / accum
            loss.backward()
            smi = max(smi, process_used_bytes() or 0)
        opt.step()
        smi = max(smi, process_used_bytes() or 0)
        opt.zero_grad(set_to_none=True)
    torch.cuda.synchronize()
    import peft
    rec = {
        "line": line, "gpu": torch.cuda.get_device_name(0),
        "torch": torch.__version__, "transformers": transformers.__version__, "peft": peft.__version__,
        "max_memory_allocated": torch.cuda.max_memory_allocated(), "max_memory_reserved": torch.cuda.max_memory_reserved(),
        "nvidia_smi_process_bytes": smi or None, "steps": args.steps, "weights": "checkpoint" if args.weights else "random",
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "script": "scripts/measure_peak.py",
    }
    return rec


def self_test():
    a = parse("/vram model:llama-3.1-8b lora:true batch:2 seq:2048 r=32")
    assert a == {"model": "llama-3.1-8b", "lora": "true", "method": "lora", "batch": "2", "seq": "2048", "rank": "32"}, a
    for bad, why in (("model:x sharding:zero3", "sharding"), ("model:x preset:ours", "preset"), ("batch:2", "model:"), ("model:x gc:offload", "gc:offload")):
        try:
            parse(bad)
        except ValueError as e:
            assert why in str(e), (bad, str(e))
        else:
            raise AssertionError(f"{bad} should be refused")
    lines = record_lines("model:llama-3.1-8b lora:true", 41.234 * GIB, 39.8 * GIB, 0)
    assert lines == ["/vram record measured:41.23 stat:smi model:llama-3.1-8b lora:true", "/vram record measured:39.80 stat:reserved model:llama-3.1-8b lora:true"], lines
    print("self-test ok")


def main():
    ap = argparse.ArgumentParser(description="Measure a vram-bot line's peak GPU memory and print the /vram record line.")
    ap.add_argument("line", nargs="*", help="the vram-bot line, quoted (several lines: several runs)")
    ap.add_argument("--hf-id", help="Hub id or local folder of the model (its config.json; with --weights its checkpoint)")
    ap.add_argument("--config", help="a config.json path instead of --hf-id")
    ap.add_argument("--weights", action="store_true", help="load the real checkpoint from --hf-id instead of random weights")
    ap.add_argument("--steps", type=int, default=2, help="training steps (default 2: the second has the optimizer states)")
    ap.add_argument("--jsonl", help="append the raw record to this file")
    ap.add_argument("--self-test", action="store_true", help="check parsing and the printed lines without a GPU")
    args = ap.parse_args()
    if args.self_test:
        self_test()
        return 0
    if not args.line:
        ap.error("give the line to measure, quoted")
    status = 0
    for line in args.line:
        try:
            rec = measure(line, args)
        except ValueError as e:
            print(f"{line}: {e}", file=sys.stderr)
            status = 2
            continue
        except Exception as e:  # noqa: BLE001 - an OOM is a result too: report it and go on
            rec = {"line": line, "error": f"{type(e).__name__}: {e}"}
            print(f"{line}: {rec['error']}", file=sys.stderr)
            status = 1
        if args.jsonl:
            with open(args.jsonl, "a") as f:
                f.write(json.dumps(rec) + "\n")
        if "error" not in rec:
            for out in record_lines(line, rec["nvidia_smi_process_bytes"], rec["max_memory_reserved"], rec["max_memory_allocated"]):
                print(out)
    return status


if __name__ == "__main__":
    sys.exit(main())
