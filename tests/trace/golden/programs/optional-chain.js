// Optional chaining: each ?. link tests its object, a nullish one makes the whole chain undefined.
// inputs: [{"user": {"address": {"city": "Oslo"}}}, {"user": {}}, {}, {"user": null, "k": "x"}]
function main(params) {
  const city = params.user?.address?.city;
  const first = params.user?.address.city;
  const k = params.user?.[params.k];
  return { city, first: first ?? 'none', k };
}
