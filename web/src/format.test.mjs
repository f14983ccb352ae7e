import test from 'node:test'
import assert from 'node:assert/strict'
import {
  formatYuan, formatYuanWithUnit, parseYuanToFen, formatDate, formatDateTime, daysBetween,
  addDays, shanghaiToday, formatDaysOverdue,
} from './format.js'

test('fen are shown as 元 with separators and two decimals', () => {
  assert.equal(formatYuan(3500000), '35,000.00')
  assert.equal(formatYuan(0), '0.00')
  assert.equal(formatYuan(5), '0.05')
  assert.equal(formatYuan(-12345), '-123.45')
  assert.equal(formatYuan(150000000), '1,500,000.00')
  assert.equal(formatYuan('1000000000000001'), '10,000,000,000,000.01')
  assert.equal(formatYuanWithUnit(99), '0.99 元')
  assert.equal(formatYuan(null), '—')
})

test('amounts beyond float precision are exact', () => {
  assert.equal(formatYuan(9007199254740991), '90,071,992,547,409.91')
  assert.equal(formatYuan(123456789012345678n), '1,234,567,890,123,456.78')
})

test('a non-integer fen is refused rather than rounded', () => {
  assert.throws(() => formatYuan(1.5), RangeError)
  assert.throws(() => formatYuan('1.5'), TypeError)
})

test('typed 元 become integer fen', () => {
  assert.equal(parseYuanToFen('35000'), 3500000)
  assert.equal(parseYuanToFen('35,000.5'), 3500050)
  assert.equal(parseYuanToFen('0.07'), 7)
  assert.equal(parseYuanToFen('0.1'), 10)
  assert.equal(parseYuanToFen(' 12.34元 '), 1234)
  assert.equal(parseYuanToFen('1.234'), null)
  assert.equal(parseYuanToFen('-5'), null)
  assert.equal(parseYuanToFen('abc'), null)
  assert.equal(parseYuanToFen(''), null)
})

test('dates and timestamps', () => {
  assert.equal(formatDate('2019-07-31'), '2019-07-31')
  assert.equal(formatDate('2019-03-15T09:00:00+08:00'), '2019-03-15')
  assert.equal(formatDate(null), '—')
  assert.equal(formatDateTime('2019-03-15T09:05:33+08:00'), '2019-03-15 09:05')
  assert.equal(daysBetween('2019-03-15', '2019-03-22'), 7)
  assert.equal(daysBetween('2019-03-01', '2019-02-28'), -1)
  assert.equal(addDays('2019-02-27', 2), '2019-03-01')
  assert.equal(addDays('2020-02-28', 1), '2020-02-29')
  assert.equal(shanghaiToday(new Date('2019-03-14T16:30:00Z')), '2019-03-15')
  assert.equal(shanghaiToday(new Date('2019-03-14T15:59:00Z')), '2019-03-14')
})

test('days overdue read as the morning report writes them', () => {
  assert.equal(formatDaysOverdue(47), '逾期47天')
  assert.equal(formatDaysOverdue(0), '今日到期')
  assert.equal(formatDaysOverdue(-3), '剩3天')
})

test('yuanText accepts plain 元 with two decimals at most and refuses the rest', async () => {
  const { yuanText } = await import('./format.js')
  assert.equal(yuanText(' 35000.5 '), '35000.5')
  assert.equal(yuanText('0.01'), '0.01')
  for (const bad of ['', '  ', '1.005', '-1', '1e3', '¥1,000', '1,000', '0', '0.00', '1.', '.5', '+1', null]) {
    assert.equal(yuanText(bad), null, String(bad))
  }
})
