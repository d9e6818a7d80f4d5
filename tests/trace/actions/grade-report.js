// Grades students: a scale made by a helper (a closure over its thresholds), forEach collecting lines and failures, filter/reduce/some over scores.
function makeScale(pass, merit) {
  return (score) => {
    if (score >= merit) return 'merit';
    if (score >= pass) return 'pass';
    return 'fail';
  };
}

function main(params) {
  const pass = typeof params.pass === 'number' ? params.pass : 50;
  const grade = makeScale(pass, pass + 25);
  const students = Array.isArray(params.students) ? params.students : [];
  const failures = [];
  const lines = [];
  students.forEach((s, i) => {
    const scores = Array.isArray(s.scores) ? s.scores.filter((x) => typeof x === 'number') : [];
    const mean = scores.length === 0 ? 0 : scores.reduce((a, b) => a + b, 0) / scores.length;
    const g = grade(mean);
    if (g === 'fail') failures.push(s.name);
    lines.push(`${i + 1}. ${s.name}: ${mean.toFixed(1)} (${g})`);
  });
  const best = students.findIndex((s) => Array.isArray(s.scores) && s.scores.some((x) => x === 100));
  console.log(lines.join('\n'));
  return { failures, best, allPassed: failures.length === 0 };
}
