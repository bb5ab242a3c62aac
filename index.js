// n8n loads the nodes and credentials this package lists in package.json's `n8n` block; the
// package main exists so that `require('n8n-nodes-1password-events')` resolves.
module.exports = {};
