// Token cache: keeps tokens per user in a module-level object across warm activations, written by a helper on the refresh path only.
const state = { tokens: {}, refreshed: 0 };
const TTL_MS = 60000;

function remember(store, user, token) {
  store[user] = { token, at: 0 };
}

function main(args) {
  const user = args.user || 'anonymous';
  if (args.refresh) {
    remember(state.tokens, user, `tok-${user}-${args.refresh}`);
    console.log('refreshed', user);
    return { user, refreshed: true };
  }
  const entry = state.tokens[user];
  const known = Object.keys(state.tokens).filter((u) => u !== user);
  console.log('lookup', user, entry ? 'hit' : 'miss');
  return { user, token: entry ? entry.token : null, others: known, ttl: TTL_MS };
}
