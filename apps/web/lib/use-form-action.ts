'use client';

import { useState, type FormEvent } from 'react';
import { ApiRequestError, errorMessage } from './api';

// What a form that calls the API keeps while it does: the per-field errors of a 400 (keyed like its
// inputs), one message for anything else, and whether a request is in flight. `unauthorized`: the
// field errors to show for a 401 (e.g. a wrong current password).
export function useFormAction(action: (data: FormData, form: HTMLFormElement) => Promise<void>, options: { unauthorized?: Record<string, string> } = {}) {
  const [fields, setFields] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const onSubmit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    setBusy(true);
    setFields({});
    setError(null);
    try {
      await action(new FormData(form), form);
    } catch (err) {
      if (err instanceof ApiRequestError && Object.keys(err.fields).length) setFields(err.fields);
      else if (err instanceof ApiRequestError && err.status === 401 && options.unauthorized) setFields(options.unauthorized);
      else setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return { fields, error, busy, onSubmit };
}
