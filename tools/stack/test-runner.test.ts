import { expect, test } from 'bun:test';
import { readFailures } from './test-runner';

test('the failures above the summary line: each failed test with its place and message', () => {
  const xml = `<testsuites tests="3" failures="2">
  <testsuite name="a.test.ts" file="a.test.ts" tests="3">
    <testcase name="edge &gt; limits" classname="" file="tests/a.test.ts" line="2" assertions="1">
      <failure type="AssertionError" message="x">AssertionError: expect(received).toBe(expected)&#10;&#10;Expected: 401&#10;Received: 502&#10;      at a.test.ts:2:84&#10;</failure>
    </testcase>
    <testcase name="ok" classname="" file="tests/a.test.ts" line="4" assertions="0" />
    <testcase name="slow" classname="" file="tests/a.test.ts" line="6" assertions="0">
      <failure type="TimeoutError" message="test timed out" />
    </testcase>
    <testcase name="throws &amp; stops" classname="" file="tests/b.test.ts" line="9" assertions="0">
      <failure type="Error" message="y">Error: condition not met in 20000 ms; last: false&#10;</failure>
    </testcase>
  </testsuite>
</testsuites>`;
  expect(readFailures(xml)).toEqual([
    '✗ tests/a.test.ts:2 edge > limits',
    '    AssertionError: expect(received).toBe(expected)',
    '    ',
    '    Expected: 401',
    '    Received: 502',
    '          at a.test.ts:2:84',
    '✗ tests/a.test.ts:6 slow',
    '    TimeoutError: test timed out',
    '✗ tests/b.test.ts:9 throws & stops',
    '    Error: condition not met in 20000 ms; last: false',
  ]);
  expect(readFailures('<testsuites tests="1" failures="0"></testsuites>')).toEqual([]);
});
