// SecureExec web console: progressive enhancement only; every page works as plain HTML forms without it.
"use strict";

(() => {
  // ── Run form: the browser's own validation message inline, next to the field (not only the native bubble) ──
  const validationMessage = (field) => {
    let text = field.validationMessage;
    if (field.validity.patternMismatch && field.dataset.patternMessage) {
      text += " " + field.dataset.patternMessage;
    }
    return text;
  };

  // Lengths in characters (code points), as the server counts them; minlength/maxlength would count UTF-16 code units.
  const lengthRules = (field) => {
    if (field.dataset.minLength === undefined && field.dataset.maxLength === undefined) {
      return;
    }
    field.removeAttribute("minlength");
    field.removeAttribute("maxlength");
  };

  const checkLength = (field) => {
    if (field.dataset.minLength === undefined && field.dataset.maxLength === undefined) {
      return;
    }
    const length = [...(field.type === "text" ? field.value.normalize("NFKC") : field.value)].length;
    const min = Number(field.dataset.minLength ?? 0);
    const max = Number(field.dataset.maxLength ?? Infinity);
    field.setCustomValidity(
      field.value !== "" && length < min ? `Use at least ${min} characters (this has ${length}).`
        : length > max ? `Use at most ${max} characters (this has ${length}).`
          : "");
  };

  const check = (field) => {
    checkLength(field);
    const out = field.id ? document.querySelector(`[data-error-for="${CSS.escape(field.id)}"]`) : null;
    if (!out) {
      return field.checkValidity();
    }
    if (field.type === "text" && field.value !== field.value.normalize("NFKC")) {
      field.value = field.value.normalize("NFKC"); // what the server does first, so look-alikes are judged as it judges them
    }
    if (!field.checkValidity()) {
      out.textContent = validationMessage(field);
      out.dataset.source = "browser";
      field.setAttribute("aria-invalid", "true");
      return false;
    }
    // The browser's own message goes once fixed; the server's when the value was changed (the server decides on submit).
    if (out.dataset.source === "browser" || field.value !== (field.dataset.initial ?? field.value)) {
      out.textContent = "";
      delete out.dataset.source;
      field.removeAttribute("aria-invalid");
    }
    return true;
  };

  for (const form of document.querySelectorAll("form[data-validate]")) {
    form.noValidate = true;
    const fields = [...form.querySelectorAll("input:not([type=hidden]), select, textarea")];
    for (const field of fields) {
      lengthRules(field);
      field.dataset.initial = field.value;
      field.addEventListener("input", () => {
        // The server's message goes as soon as the value is edited, before the layout could shift under a click on Run.
        const out = document.querySelector(`[data-error-for="${CSS.escape(field.id)}"]`);
        if (out && out.dataset.source !== "browser" && out.textContent) {
          out.textContent = "";
          field.removeAttribute("aria-invalid");
        }
      });
      field.addEventListener("blur", () => check(field));
      field.addEventListener("change", () => check(field));
    }
    form.addEventListener("submit", (event) => {
      const invalid = fields.filter((field) => !check(field));
      if (invalid.length > 0) {
        event.preventDefault();
        invalid[0].focus();
      }
    });
  }

  // ── Job page: live output over Server-Sent Events (the session cookie goes along, same origin) ──
  const job = document.querySelector("[data-job][data-events]");
  if (!job || !window.EventSource) {
    return;
  }

  const output = job.querySelector("[data-output]");
  const statusBadge = job.querySelector("[data-job-status]");
  const announce = job.querySelector("[data-status-announce]");
  const resume = job.querySelector("[data-resume-scroll]");
  const refresh = job.querySelector("[data-refresh]");
  const terminal = (status) => !["queued", "running"].includes(status);

  // Auto-scroll follows the output until the reader scrolls up; "Resume auto-scroll" brings it back.
  let follow = true;
  const atBottom = () => output.scrollTop + output.clientHeight >= output.scrollHeight - 8;
  output.addEventListener("scroll", () => {
    follow = atBottom();
    resume.hidden = follow;
  });
  resume.addEventListener("click", () => {
    follow = true;
    resume.hidden = true;
    output.scrollTop = output.scrollHeight;
    output.focus();
  });

  const writers = { stdout: new AnsiWriter(output, "out-stdout"), stderr: new AnsiWriter(output, "out-stderr") };
  const decoders = { stdout: new TextDecoder(), stderr: new TextDecoder() };
  let started = false;
  const start = () => {
    if (!started) {
      started = true;
      output.replaceChildren(); // the stream replays everything the page showed, now with colours
      output.dataset.live = "true";
      for (const note of job.querySelectorAll("[data-cut-note]")) {
        note.hidden = true;
      }
    }
  };

  const setStatus = (status, message) => {
    statusBadge.textContent = status;
    statusBadge.className = `status status-${status}`;
    job.dataset.status = status;
    announce.textContent = message ?? `Status: ${status}`;
    if (terminal(status)) {
      for (const element of job.querySelectorAll("[data-while-running]")) {
        element.hidden = true;
      }
    }
  };

  if (refresh) {
    refresh.hidden = true;
  }

  const events = new EventSource(job.dataset.events);
  events.addEventListener("status", (event) => {
    start();
    const data = JSON.parse(event.data);
    if (data.status !== job.dataset.status) {
      setStatus(data.status);
    }
  });
  events.addEventListener("output", (event) => {
    start();
    const data = JSON.parse(event.data);
    const stream = data.stream === "stderr" ? "stderr" : "stdout";
    const text = data.encoding === "base64"
      ? decoders[stream].decode(Uint8Array.from(atob(data.data), (c) => c.charCodeAt(0)), { stream: true })
      : data.data;
    writers[stream].write(text);
    if (follow) {
      output.scrollTop = output.scrollHeight;
    }
  });
  events.addEventListener("result", (event) => {
    events.close();
    const result = JSON.parse(event.data);
    fillFacts(job, result);
    const exit = result.exit_code ?? null;
    setStatus(result.status, `Finished: ${result.status}${exit === null ? "" : `, exit code ${exit}`}.`);
  });
  events.addEventListener("end", (event) => {
    events.close();
    const reason = JSON.parse(event.data).reason;
    announce.textContent = `Live output stopped (${reason}). Refresh the page to continue.`;
    if (refresh) {
      refresh.hidden = false;
    }
  });
  events.addEventListener("error", () => {
    if (events.readyState === EventSource.CLOSED) {
      announce.textContent = "Live output is not available. Refresh the page to see the latest output.";
      if (refresh) {
        refresh.hidden = false;
      }
    }
  });

  function fillFacts(root, result) {
    const set = (name, text) => {
      const element = root.querySelector(`[data-fact="${name}"]`);
      if (element) {
        element.textContent = text;
      }
    };
    set("started_at", time(result.started_at));
    set("finished_at", time(result.finished_at));
    set("exit_code", result.exit_code ?? (result.signal ? `signal ${result.signal}` : "—"));
    set("duration_ms", duration(result.duration_ms));
    set("cpu_time_ms", duration(result.cpu_time_ms));
    set("peak_memory_bytes", bytes(result.peak_memory_bytes));
    set("output", `stdout ${bytes(result.stdout_bytes)}, stderr ${bytes(result.stderr_bytes)}${result.output_truncated ? ", truncated at the limit" : ""}`);
  }

  function time(value) {
    return value ? new Date(value).toISOString().slice(0, 19).replace("T", " ") + " UTC" : "—";
  }

  function duration(ms) {
    if (ms < 1000) return `${ms} ms`;
    if (ms < 60000) return `${(ms / 1000).toFixed(2).replace(/\.?0+$/, "")} s`;
    return `${Math.floor(ms / 60000)} min ${Math.floor((ms % 60000) / 1000)} s`;
  }

  function bytes(n) {
    if (n < 1024) return `${n} B`;
    if (n < 1024 * 1024) return `${(n / 1024).toFixed(1).replace(/\.0$/, "")} KiB`;
    return `${(n / 1024 / 1024).toFixed(1).replace(/\.0$/, "")} MiB`;
  }
})();

/**
 * Renders terminal text into a <pre>: SGR colour and style sequences become spans with classes (ansi-fg-N, ansi-bg-N,
 * ansi-bold, ...); every other escape sequence and control character is dropped. Only text nodes are created, so
 * output can never become markup. A sequence cut at a chunk's end waits for the next chunk.
 */
function AnsiWriter(target, streamClass) {
  const reset = () => ({ fg: null, bg: null, bold: false, dim: false, italic: false, underline: false, inverse: false });
  let state = reset();
  let pending = "";
  const csi = /^\x1b\[([0-?]*)([ -/]*)([@-~])/;
  const osc = /^\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/;
  const unfinished = /^\x1b(?:\[[0-?]*[ -/]*|\][^\x07\x1b]*\x1b?)?$/;

  const classes = () => {
    const names = [streamClass];
    if (state.fg !== null) names.push(`ansi-fg-${state.fg}`);
    if (state.bg !== null) names.push(`ansi-bg-${state.bg}`);
    for (const style of ["bold", "dim", "italic", "underline", "inverse"]) {
      if (state[style]) names.push(`ansi-${style}`);
    }
    return names.join(" ");
  };

  const append = (text) => {
    if (!text) return;
    const className = classes();
    const last = target.lastChild;
    if (last && last.nodeType === Node.ELEMENT_NODE && last.className === className) {
      last.appendChild(document.createTextNode(text));
      return;
    }
    const span = document.createElement("span");
    span.className = className;
    span.appendChild(document.createTextNode(text));
    target.appendChild(span);
  };

  const sgr = (parameters) => {
    const codes = parameters === "" ? [0] : parameters.split(/[;:]/).map((p) => (p === "" ? 0 : Number(p)));
    for (let i = 0; i < codes.length; i++) {
      const code = codes[i];
      if (code === 0) state = reset();
      else if (code === 1) state.bold = true;
      else if (code === 2) state.dim = true;
      else if (code === 3) state.italic = true;
      else if (code === 4) state.underline = true;
      else if (code === 7) state.inverse = true;
      else if (code === 22) state.bold = state.dim = false;
      else if (code === 23) state.italic = false;
      else if (code === 24) state.underline = false;
      else if (code === 27) state.inverse = false;
      else if (code >= 30 && code <= 37) state.fg = code - 30;
      else if (code === 39) state.fg = null;
      else if (code >= 40 && code <= 47) state.bg = code - 40;
      else if (code === 49) state.bg = null;
      else if (code >= 90 && code <= 97) state.fg = code - 90 + 8;
      else if (code >= 100 && code <= 107) state.bg = code - 100 + 8;
      else if (code === 38 || code === 48) {
        // 256-colour (5;n): the first sixteen have classes; true colour (2;r;g;b) cannot be styled under the CSP.
        if (codes[i + 1] === 5) {
          const n = codes[i + 2];
          if (n >= 0 && n < 16) state[code === 38 ? "fg" : "bg"] = n;
          i += 2;
        } else if (codes[i + 1] === 2) {
          i += 4;
        }
      }
    }
  };

  this.write = (chunk) => {
    const text = pending + chunk;
    pending = "";
    let plain = "";
    let i = 0;
    while (i < text.length) {
      const ch = text[i];
      if (ch === "\x1b") {
        const rest = text.slice(i, i + 512);
        let match = csi.exec(rest);
        if (match) {
          append(plain);
          plain = "";
          if (match[3] === "m" && match[2] === "") sgr(match[1]);
          i += match[0].length;
          continue;
        }
        match = osc.exec(rest);
        if (match) {
          i += match[0].length;
          continue;
        }
        if (i + rest.length === text.length && unfinished.test(rest)) {
          pending = rest;
          break;
        }
        i += Math.min(2, rest.length); // another two-character escape (or a broken one): dropped
        continue;
      }
      if (ch < " " && ch !== "\n" && ch !== "\t") {
        i++; // other control characters (\r, backspace, bell...) are not shown
        continue;
      }
      plain += ch;
      i++;
    }
    append(plain);
  };
}
