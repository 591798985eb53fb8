import type { Messages } from '../types'

export default {
  field: {
    number: 'Certificate no.',
    checkCode: 'Check code',
    volunteer: 'Volunteer',
    volunteerNo: 'Volunteer no.',
    period: 'Period',
    hours: 'Hours',
    issuer: 'Issued by',
    issuedOn: 'Issued on',
    projects: 'Projects',
  },
  filter: {
    keyword: 'Certificate no., name or volunteer no.',
  },
  issue: 'Issue certificate',
  issueTitle: 'Issue a service certificate',
  issueHint: 'The certificate counts the confirmed hours (corrections included) in the period and cannot be changed once issued.',
  issueButton: 'Issue and print',
  print: 'Print',
  open: 'Print view',
  placeholder: {
    volunteer: 'Name, phone or volunteer number',
  },
  rule: {
    volunteerRequired: 'Choose the volunteer',
    periodRequired: 'Choose the period',
    periodFuture: 'The period cannot end after today',
    noHours: 'The volunteer has no confirmed hours in this period',
  },
  done: {
    issued: 'Certificate {no} issued',
  },
  sheet: {
    title: 'Volunteer Service Certificate',
    body: 'This is to certify that {name} (volunteer no. {no}) served as a volunteer from {from} to {to}, {hours} hours in all.',
    projectsLead: 'Projects served on:',
    project: 'Project',
    hours: 'Hours',
    total: 'Total',
    closing: '',
    issuer: 'Issued by: {issuer}',
    issuedOn: '{date}',
    number: 'Certificate no.: {no}',
    checkCode: 'Check code: {code}',
    verify: 'To verify: open {url} (no sign-in needed).',
    seal: '(seal)',
  },
} satisfies Messages['certificates']
