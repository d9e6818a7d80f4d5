// A plain (not async) signup validator: normalizes fields and returns {error} with every problem found.
function checkEmail(email) {
  if (typeof email !== 'string') return 'email must be a string';
  const at = email.indexOf('@');
  if (at < 1 || at !== email.lastIndexOf('@')) return 'email needs exactly one @ after a name';
  if (email.slice(at + 1).indexOf('.') < 1) return 'email domain needs a dot';
  return null;
}

function main(params) {
  const problems = [];
  const name = typeof params.name === 'string' ? params.name.trim() : '';
  if (name.length < 2) problems.push('name is too short');
  const emailProblem = checkEmail(params.email);
  if (emailProblem) problems.push(emailProblem);
  let age = params.age;
  if (typeof age === 'string') age = parseInt(age, 10);
  if (typeof age !== 'number' || age !== age || age < 13 || age > 130) problems.push('age must be between 13 and 130');
  if (params.tags !== undefined && !Array.isArray(params.tags)) problems.push('tags must be a list');
  if (problems.length > 0) {
    console.log('rejected', name || '(no name)', problems.length);
    return { error: { fields: problems, count: problems.length } };
  }
  const tags = params.tags ? params.tags.slice(0, 3).join('|') : '';
  console.log('accepted', { name, age });
  return { user: { name, email: params.email.toLowerCase(), age, tags, adult: age >= 18 } };
}
