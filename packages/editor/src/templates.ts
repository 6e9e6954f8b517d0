import type { JSONContent } from '@tiptap/core';

/**
 * A template that ships with Tandem. Its content is Tiptap JSON in the document schema, defined
 * here once: the server builds a new page's first document from it (clients never seed content),
 * and the app lists the same entries in its template picker.
 */
export interface BuiltinTemplate {
  /** Stable name the API takes (`template: { kind: 'builtin', key }`). */
  key: string;
  title: string;
  icon: string;
  /** One line for the picker. */
  description: string;
  content: JSONContent;
}

const text = (value: string): JSONContent => ({ type: 'text', text: value });
const bold = (value: string): JSONContent => ({ type: 'text', text: value, marks: [{ type: 'bold' }] });
const paragraph = (...content: JSONContent[]): JSONContent => (content.length ? { type: 'paragraph', content } : { type: 'paragraph' });
const heading = (level: 1 | 2 | 3, value: string): JSONContent => ({ type: 'heading', attrs: { level }, content: [text(value)] });
const bullets = (...items: string[]): JSONContent => ({
  type: 'bulletList',
  content: items.map((item) => ({ type: 'listItem', content: [paragraph(...(item ? [text(item)] : []))] })),
});
const todos = (...items: string[]): JSONContent => ({
  type: 'taskList',
  content: items.map((item) => ({ type: 'taskItem', attrs: { checked: false }, content: [paragraph(...(item ? [text(item)] : []))] })),
});
const callout = (emoji: string, color: string, ...content: JSONContent[]): JSONContent => ({ type: 'callout', attrs: { emoji, color }, content });
const toggle = (summary: string, ...content: JSONContent[]): JSONContent => ({
  type: 'details',
  content: [
    { type: 'detailsSummary', content: [text(summary)] },
    { type: 'detailsContent', content },
  ],
});
// A labelled line whose value the person fills in ("Date: ").
const field = (label: string): JSONContent => paragraph(bold(`${label}: `));

const meetingNotes: BuiltinTemplate = {
  key: 'meeting-notes',
  title: 'Meeting notes',
  icon: '📝',
  description: 'Agenda, notes, decisions and action items',
  content: {
    type: 'doc',
    content: [
      field('Date'),
      field('Attendees'),
      field('Facilitator'),
      callout('🎯', 'blue', paragraph(bold('Goal of this meeting: '), text('what should be true when it ends?'))),
      heading(2, 'Agenda'),
      bullets('Updates since last time', 'Topic to discuss', 'Open questions'),
      heading(2, 'Notes'),
      paragraph(),
      heading(2, 'Decisions'),
      bullets(''),
      heading(2, 'Action items'),
      todos('Owner — task — due date', ''),
      toggle('Parking lot', paragraph(text('Topics raised that need their own meeting.'))),
    ],
  },
};

const projectBrief: BuiltinTemplate = {
  key: 'project-brief',
  title: 'Project brief',
  icon: '🚀',
  description: 'Problem, goals, scope, milestones and risks',
  content: {
    type: 'doc',
    content: [
      field('Owner'),
      field('Status'),
      field('Target date'),
      callout('💡', 'yellow', paragraph(bold('In one sentence: '), text('what are we building, for whom, and why now?'))),
      heading(2, 'Problem'),
      paragraph(text('What hurts today, and who feels it? Link to evidence: research, tickets, numbers.')),
      heading(2, 'Goals'),
      bullets('Goal and how we will measure it', ''),
      heading(2, 'Non-goals'),
      bullets('What this project deliberately leaves out'),
      heading(2, 'Scope'),
      toggle('In scope', bullets('')),
      toggle('Out of scope', bullets('')),
      heading(2, 'Milestones'),
      todos('Kick-off — date', 'First version in users’ hands — date', 'Launch — date'),
      heading(2, 'Risks and open questions'),
      bullets(''),
      heading(2, 'Team'),
      bullets('Role — name'),
    ],
  },
};

const weeklyPlan: BuiltinTemplate = {
  key: 'weekly-plan',
  title: 'Weekly plan',
  icon: '🗓️',
  description: 'Priorities, a day-by-day plan and a review',
  content: {
    type: 'doc',
    content: [
      field('Week of'),
      callout('⭐', 'green', paragraph(bold('Top 3 this week: '), text('if only these get done, the week was a success.'))),
      todos('', '', ''),
      heading(2, 'Monday'),
      todos(''),
      heading(2, 'Tuesday'),
      todos(''),
      heading(2, 'Wednesday'),
      todos(''),
      heading(2, 'Thursday'),
      todos(''),
      heading(2, 'Friday'),
      todos(''),
      heading(2, 'Review'),
      toggle('What went well', bullets('')),
      toggle('What to change next week', bullets('')),
    ],
  },
};

/** The built-in templates, in the order the picker lists them. */
export const BUILTIN_TEMPLATES: readonly BuiltinTemplate[] = [meetingNotes, projectBrief, weeklyPlan];

export function builtinTemplate(key: string): BuiltinTemplate | undefined {
  return BUILTIN_TEMPLATES.find((t) => t.key === key);
}
