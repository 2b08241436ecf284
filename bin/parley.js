#!/usr/bin/env node
// The CLI runs from the compiled tree; `npm ci` builds it (prepare script).
import '../dist/cli/main.js';
